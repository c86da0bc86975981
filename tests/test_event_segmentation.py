"""Event segmentation inside one article: a wave's lead keeps its later strikes, an aside names another kind,
a clause or a possessive day recalls an earlier attack, a weekday apart dates another strike, and habitual
statements open none. Short reports written for these tests in the styles of wire copy and local outlets."""

from __future__ import annotations

import pytest

from strikewatch.extract.pipeline import annotate, build_pipeline


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def mentions(nlp, text: str, **kw):
    return annotate(text, nlp=nlp, article_id="t", **kw).user_data["sw_mentions"]


def names(m) -> set[str]:
    return {loc.name for loc in m.locations}


def test_a_wave_told_over_a_country_keeps_its_later_towns(nlp):
    ms = mentions(
        nlp,
        "Turkish drones pound Kurdish-held areas\n\n"
        "QAMISHLI – Turkish drones kept up strikes on Kurdish-held areas in Syria on Thursday, the Kurdish-led "
        "administration said. It said nine civilians were killed in the raids.\n\n"
        "In Kobani, drones struck the town's power station and a bakery. Near Derik, an air strike set an oil "
        "depot on fire.\n",
        published="2024-03-07",
    )
    mains = [m for m in ms if m.role == "main"]
    assert len(mains) == 1
    assert {"Kobani", "Derik"} <= names(mains[0])


def test_a_kind_named_as_an_aside_in_the_lead_is_another_incident_further_down(nlp):
    ms = mentions(
        nlp,
        "Monitor: 30 killed in Turkish drone attacks\n\n"
        "The monitor counted 40 drone attacks on Kurdish-held areas in Syria since Tuesday night, in addition to "
        "artillery shelling on several front lines. Most of the dead were civilians killed in the raids.\n\n"
        "- Hasakah province: drone strikes on the outskirts of Qamishli and near Amuda.\n"
        "- In Tal Rifaat, two people were killed by Turkish shelling.\n",
        published="2024-03-07",
    )
    shelling = [m for m in ms if m.event_type == "shelling"]
    assert len(shelling) == 1
    assert "Tal Rifaat" in names(shelling[0])
    others = [m for m in ms if m is not shelling[0]]
    assert len(others) == 1 and {"Qamishli", "Amuda"} <= names(others[0])


def test_an_attack_in_a_clause_hours_after_the_strike_is_the_earlier_one(nlp):
    ms = mentions(
        nlp,
        "Turkish jets strike militants in Iraq\n\n"
        "ISTANBUL, March 7 (Wire) – Turkish jets bombed militant sites in the Qandil mountains overnight, hours "
        "after gunmen stormed a police station in Diyarbakir, killing three officers.\n",
        published="2024-03-07",
    )
    main = next(m for m in ms if m.role == "main")
    assert main.event_type == "airstrike"
    assert not any(c.killed for c in main.casualties)
    recalled = [m for m in ms if m.role == "background"]
    assert [m.event_type for m in recalled] == ["ground_attack"]
    assert [c.killed.min for c in recalled[0].casualties] == [3]


def test_an_attack_named_by_its_own_earlier_day_is_recalled(nlp):
    ms = mentions(
        nlp,
        "Drones hit villages near Kobani\n\n"
        "KOBANI – Turkish drones struck three villages west of Kobani on Friday, local officials said, killing "
        "a farmer.\n\n"
        "Residents said the drones hit a school and a water station. Two children were wounded in the strikes.\n\n"
        "The Kurdish-led forces deny any role in Thursday's bombing in Gaziantep.\n",
    )
    assert [m.role for m in ms] == ["main", "background"]
    assert ms[1].date_weekday_only and "Thursday" in (ms[1].date.text or "")


def test_a_strike_on_another_weekday_in_an_undated_report_is_background(nlp):
    ms = mentions(
        nlp,
        "Drones strike Kobani\n\n"
        "KOBANI – Turkish drones struck the power station in Kobani on Thursday, cutting electricity.\n\n"
        "On Sunday a drone targeted a car carrying a council official near Kobani; two people were killed.\n",
    )
    bg = [m for m in ms if m.role == "background"]
    assert len(bg) == 1
    assert [c.killed.min for c in bg[0].casualties if c.killed] == [2]
    assert not any(c.killed for m in ms if m.role == "main" for c in m.casualties)


def test_a_habitual_statement_over_the_past_year_opens_no_incident(nlp):
    ms = mentions(
        nlp,
        "Blast near airport\n\n"
        "ERBIL, March 7 (Wire) – An air strike hit a convoy near Erbil airport on Thursday, security officials "
        "said.\n\n"
        "Turkish drones have killed a number of militant commanders around Sinjar and Makhmour over the past "
        "year.\n",
        published="2024-03-07",
    )
    assert [m.role for m in ms] == ["main"]
    assert names(ms[0]) == {"Erbil airport"}


def test_a_side_telling_of_its_own_losses_is_no_striker_and_opens_no_incident(nlp):
    doc = annotate(
        "Drones strike Kobani\n\n"
        "KOBANI – Turkish drones struck the outskirts of Kobani on Thursday, local officials said.\n\n"
        "The SDF said that two of its fighters were killed by a drone near Sarrin.\n",
        nlp=nlp,
        article_id="t",
    )
    assert {(c.actor, c.stance) for c in doc._.sw.claims} == {("TR", "asserts")}


def test_a_strike_told_a_day_before_a_dated_funeral_takes_the_day_before(nlp):
    ms = mentions(
        nlp,
        "Village buries family killed in raid\n\n"
        "KFAR KILA – Hundreds of mourners followed four coffins through the village on Saturday, a day after "
        "an Israeli air strike destroyed the family's house.\n",
    )
    main = next(m for m in ms if m.role == "main")
    assert main.date_weekday_only and "Friday" in (main.date.text or "")


def test_rockets_that_a_wave_of_raids_was_launched_after_are_recalled_and_come_from_no_state(nlp):
    doc = annotate(
        "Israeli raids pound south Lebanon\n\n"
        "BEIRUT, March 7 (Wire) – Israeli jets struck several villages in south Lebanon on Thursday, killing "
        "three people, security sources said.\n\n"
        "The raids were launched after rockets from Lebanon killed two soldiers in Kiryat Shmona in the "
        "morning, the army said.\n",
        nlp=nlp,
        article_id="t",
        published="2024-03-07",
    )
    ms = doc.user_data["sw_mentions"]
    assert [(m.role, m.event_type) for m in ms] == [("main", "airstrike"), ("background", "rocket_attack")]
    assert "LB" not in {c.actor for c in doc._.sw.claims}


def test_a_regular_occurrence_is_no_incident(nlp):
    ms = mentions(
        nlp,
        "Shelling kills two in border town\n\n"
        "Shelling killed two people in the border town of Shebekino on Saturday, the regional governor said.\n\n"
        "Residents said several houses were damaged.\n\n"
        "Shelling and drone attacks are a regular occurrence in Belgorod and Valuyki, which lie near the border.\n",
        published="2024-03-09",
    )
    assert [m.role for m in ms] == ["main"]
    assert names(ms[0]) == {"Shebekino"}


def test_missiles_that_tore_through_a_plant_a_day_before_are_the_strike_of_that_day(nlp):
    ms = mentions(
        nlp,
        "Workers mourn colleagues\n\n"
        "The smell of smoke still hung over the district on Saturday, a day after Russian missiles tore through "
        "the printing plant in Kharkiv during the morning shift.\n\n"
        "Five employees were killed.\n",
    )
    main = next(m for m in ms if m.role == "main")
    assert main.event_type == "missile_strike"
    assert "Friday" in (main.date.text or "")
    assert [c.killed.min for c in main.casualties if c.killed] == [5]


def test_a_province_misread_in_another_country_is_not_the_lead_area(nlp):
    ms = mentions(
        nlp,
        "US jets strike Houthi sites\n\n"
        "SANAA, Jan 20 (Wire) – US jets struck Houthi radar sites before dawn on Saturday over the group's attacks "
        "on Red Sea shipping, officials said. The strikes hit 12 targets, a US official said.\n\n"
        "Residents of Sanaa reported heavy explosions near the airport, and Saada residents heard jets overhead.\n\n"
        "The group has fired drones at ships in the Red Sea since November.\n",
        published="2024-01-20",
    )
    assert [m.role for m in ms] == ["main"]
    assert "Saada" in names(ms[0])


def test_weeks_of_attacks_a_strike_answers_give_the_report_no_kind(nlp):
    ms = mentions(
        nlp,
        "US, British forces strike rebel targets\n\n"
        "ADEN, Jan 12 (Wire) – Before dawn on Friday, the United States and Britain hit back at the rebels for "
        "weeks of drone and missile attacks on shipping, officials said.\n\n"
        "The strikes began at about 2:30 a.m. Cruise missiles were fired from ships and a submarine.\n",
        published="2024-01-12",
    )
    main = next(m for m in ms if m.role == "main")
    assert main.event_type == "missile_strike"


def test_a_roundup_item_opened_by_another_country_is_another_incident(nlp):
    ms = mentions(
        nlp,
        "MINISTRY OF NATIONAL DEFENCE\n\nWeekly Press Statement\n\n"
        "In the north of Syria, 4 terrorists who were preparing an attack near Tal Abyad were neutralized on "
        "2 March 2024 in an air operation.\n\n"
        "In the north of Iraq, 5 terrorists detected in the Gara region were neutralized on 2 March 2024 in an "
        "air operation supported by our armed drones.\n",
        published="2024-03-03",
    )
    mains = [m for m in ms if m.role == "main"]
    assert len(mains) == 2
    gara = next(m for m in mains if any("Gara" in n for n in names(m)))
    assert not any("Tal Abyad" in n for n in names(gara))


def test_a_reply_told_after_the_attack_is_its_own_incident_and_each_kind_in_it_too(nlp):
    ms = mentions(
        nlp,
        "Resistance fires rockets at Zar'it barracks\n\n"
        "The Islamic Resistance said its fighters fired a barrage of rockets at the Zar'it barracks on Monday "
        "19 August 2024.\n\n"
        "Local sources said the enemy army responded by shelling the outskirts of Yaroun with artillery, and its "
        "warplanes launched a raid on a house in Aita al-Shaab.\n",
    )
    mains = [m for m in ms if m.role == "main"]
    rockets = next(m for m in mains if m.event_type == "rocket_attack")
    assert not names(rockets) & {"Yaroun", "Aita al-Shaab"}
    kinds = {m.event_type for m in mains}
    assert {"shelling", "airstrike"} <= kinds


def test_yesterday_by_its_weekday_beside_a_calendar_day_is_another_strike(nlp):
    ms = mentions(
        nlp,
        "Rockets hit Zar'it barracks\n\n"
        "The Islamic Resistance said it fired rockets at the Zar'it barracks on Monday 19 August 2024.\n\n"
        "Yesterday, Sunday, an Israeli airstrike on a house in the town of Bint Jbeil killed three civilians.\n",
    )
    main = next(m for m in ms if m.role == "main" and m.event_type == "rocket_attack")
    assert "Bint Jbeil" not in names(main)
    assert not any(c.killed and c.killed.min == 3 for c in main.casualties)


def test_air_and_ground_attacks_named_together_continue_the_leads_wave(nlp):
    ms = mentions(
        nlp,
        "Drone strikes hit north-east Syria\n\n"
        "Turkish drone strikes killed six people in Qamishli and Amuda on Friday, a monitoring group said.\n\n"
        "The group counted 20 drone strikes on the region in the day.\n\n"
        "Local sources said Turkish forces escalated their air and ground attacks around Derik from Friday "
        "evening.\n",
        published="2024-11-09",
    )
    assert not any(m.event_type == "ground_attack" for m in ms)
