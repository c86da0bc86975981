"""`sw_weapon_events`: strikes told by construction, in the styles we meet (ACLED-style notes, monitor
headlines, wire copy, local outlets, official statements). The sentences are written for these tests."""

from __future__ import annotations

import pytest

from strikewatch.extract.pipeline import annotate, build_pipeline


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def events(nlp, text: str):
    return [(e.text, e.event_type) for e in annotate(text, nlp=nlp)._.sw.events]


def incidents(nlp, text: str, **kw):
    return annotate(text, nlp=nlp, article_id="t", **kw).user_data["sw_mentions"]


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        # note style: an actor fires a weapon at a place
        ("On 4 May 2023, Russian forces fired artillery at houses in Vovchansk, Kharkiv. Casualties unknown.",
         "shelling"),
        ("On 9 June 2023, the army fired 120mm and 82mm mortars at rebel positions near Hpruso, Kayah.", "shelling"),
        ("Ukrainian forces fired Grad missiles at positions near Horlivka, Donetsk, wounding two civilians.",
         "shelling"),
        ("Regime helicopters dropped barrel bombs on the town of Kafr Zita at dawn.", "airstrike"),
        ("The militants launched two shells from drones on the barracks in the town.", "drone_strike"),
        # monitor headline style: the weapon is the subject
        ("Warplanes kill 14 people in the countryside of Maarat al-Numan", "airstrike"),
        ("Tens of missiles target the western countryside of Aleppo", "missile_strike"),
        ("Warplanes commit a massacre in the town of Ariha", "airstrike"),
        ("The warplanes shell the desert of eastern Homs amid clashes", "airstrike"),  # a headline refers to nothing
        # the weapon after "with"
        ("The regime forces target with more than 30 rockets areas west of the city of Daraa", "rocket_attack"),
        ("Turkish forces targeted a car with a drone near Qamishli, killing two fighters.", "drone_strike"),
        ("On 8 June 2023, a local defence force attacked the police post in the town with heavy weapons.", "shelling"),
        ("On 3 April 2023, rebel forces fired heavy machine guns at army positions near Horlivka, Donetsk.",
         "shelling"),
        # monitor headlines: what the warplanes cause, a strike "by" forces and warplanes, a quoted subject
        ("Coalition warplanes cause casualties in the countryside of Raqqa as clashes continue", "airstrike"),
        ("Intense strikes by the regime forces and warplanes west of Aleppo city", "airstrike"),
        ("\u201cRussian warplanes\u201d target a convoy near Saraqib and kill 4 of its members", "airstrike"),
        # two forces as the subject
        ("The regime forces and Hezbollah shell the besieged town of Madaya with tens of shells", "shelling"),
        # a terse note that leaves out the firing verb
        ("On 12 June 2023, Russian forces artillery at Bilohirka, Kherson. Casualties unknown.", "shelling"),
        ("On 6 May 2023, Russian forces heavy and light weapons at the village of Kan Hla, Sagaing.", "shelling"),
        # a monitor's count of impacts
        ("On 9 May 2023, the monitors recorded 14 projectiles near Avdiivka. No casualties.", "shelling"),
        # nominal
        ("Three civilians injured in the fall of shells on Daraa al-Balad", "shelling"),
        ("A massacre by warplanes claims the lives of five people in Saraqib", "airstrike"),
        # an armed force firing, shelling or bombing, no weapon named
        ("On 2 June 2023, Russian forces fired on Ukrainian positions in Bilohorivka, Luhansk.", "shelling"),
        ("The regime forces shell the town of Kafr Nabuda and its surroundings", "shelling"),
        # monitor style: the platform carries out the massacre
        ("Warplanes carry out a massacre in the town of al-Bara, killing seven", "airstrike"),
        # whose weapon it was, between the weapon and its verb; a massacre "committed by" the platform
        ("Shells of the regime forces kill 3 children in the countryside of Jisr al-Shughur", "shelling"),
        ("Helicopters of the regime bomb the town of Kafr Zita with barrels", "airstrike"),
        ("Nine casualties in a massacre committed by warplanes in the town of Kafr Nabl", "airstrike"),
        # the air force as the armed force that fires or strikes
        ("On 3 July 2023, the Sudanese airforce fired on RSF positions in Bahri, Khartoum. Casualties unknown.",
         "airstrike"),
        ("On 5 July 2023, Russian forces used aviation and artillery to strike positions near Siversk, Donetsk.",
         "airstrike"),
    ],
)
def test_constructions_report_a_typed_strike(nlp, text, etype):
    found = incidents(nlp, text, published="2023-06-10")
    assert found, events(nlp, text)
    assert found[0].event_type == etype


@pytest.mark.parametrize(
    "text",
    [
        "On 6 July 2023, Ukrainian forces fired artillery at Russian positions in Vasylivka, Zaporizhia. The "
        "Ukrainians used a drone for spotting the targets.",
        "On 7 July 2023, Russian forces shelled the airfield near Kanatove, Kirovohrad, where two Bayraktar drones "
        "were destroyed. Casualties unknown.",
    ],
)
def test_a_drone_that_spots_or_is_struck_is_no_drone_strike(nlp, text):
    """A weapon used for something, or one destroyed, is not the subject of a strike: no strong drone strike."""
    found = annotate(text, nlp=nlp)._.sw.events
    assert not [e.text for e in found if e.event_type == "drone_strike" and e.strong]


@pytest.mark.parametrize(
    "text",
    [
        "Police fired tear gas at protesters who blocked the road to the ministry.",
        "Security forces targeted the marchers with tear gas and rubber bullets outside parliament.",
        "Security forces fired rubber bullets at demonstrators in the capital on Friday.",
        "Government forces fired at protesters outside the ministry, witnesses said.",
        "Air defences shot down two drones launched at the air base overnight, the ministry said.",
        "Air defences intercepted two projectiles over the city overnight, the ministry said.",
        "Police attacked the marchers outside the ministry with batons and tear gas.",
        "Government forces tanks at the checkpoint were seen moving north on Friday.",
        "The factory that makes drone parts was closed last year.",
        "Supporters of the opposition party carry out a sit-in outside the governor's office.",
    ],
)
def test_riots_interceptions_and_weapon_words_alone_are_no_strike(nlp, text):
    assert incidents(nlp, text, published="2023-06-10") == []


def test_the_weapon_a_report_already_named_is_the_same_strike(nlp):
    text = ("Turkish drone kills two fighters near Amuda\n\nA Turkish drone struck a car near Amuda on Monday, "
            "killing two fighters, local sources said. The drone fired two missiles at the car near the village "
            "of Tal Hassan, east of Amuda.")
    found = incidents(nlp, text, published="2023-06-12")
    assert [m.event_type for m in found] == ["drone_strike"]


def test_rounds_fired_at_one_village_are_one_strike_not_a_tally(nlp):
    text = ("On 16 April 2023, the military fired heavy weapons four times at Daw Ta Ma village, Kayah, killing a "
            "child.")
    assert len(incidents(nlp, text, published="2023-04-20")) == 1


def test_a_habitual_statement_is_no_incident(nlp):
    text = ("A ceasefire brokered in 2020 has not stopped government aircraft from bombing the region from time "
            "to time.")
    assert incidents(nlp, text, published="2023-06-10") == []
