"""The crisis check's tiers (bot/safety/tiers.py): danger now, risk mentioned but not now, none.

Each row is what the check decides for one message, and why; the examples of issue #13 first.
"""

from __future__ import annotations

import pytest
import spacy

from bot.safety.detector import CrisisDetector
from bot.safety.models import CrisisKind, PatternError, Tier
from bot.safety.patterns import load_patterns
from bot.safety.tiers import TierCues
from bot.settings import get_settings

DANGER = Tier.DANGER_NOW
MENTIONED = Tier.MENTIONED


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return CrisisDetector(spacy.load(get_settings().spacy_model_dir))


# (message, tier, the person's own past: a closing line after the answer)
@pytest.mark.parametrize(
    ("message", "tier", "own"),
    [
        # the examples
        (
            "after my OD in 2023 I got sober, now I want support so it never happens again",
            MENTIONED,
            True,
        ),
        (
            "my uncle passed from an overdose last winter and my aunt wants to know what family "
            "therapy looks like",
            MENTIONED,
            False,
        ),
        (
            "no thoughts of hurting myself, I just want to know if OP has group sessions",
            MENTIONED,
            False,
        ),
        (
            "I'd rather die than sit in a group circle lol, is individual therapy an option?",
            MENTIONED,
            False,
        ),
        # long ago: a year, "years ago", "used to", school years, "when she was 15"
        ("i used to cut myself", MENTIONED, True),
        ("I OD'd en 2020, how many hours a week is iop?", MENTIONED, True),  # Spanglish
        ("overdosed desde 2021 no he usado, what is op", MENTIONED, True),
        ("he od'd en la casa right now", DANGER, False),
        (
            "I overdosed twice in 2021 and spent time inpatient. Is OP a good next step?",
            MENTIONED,
            True,
        ),
        (
            "My son tried to hang himself in 2020. He's doing better now, can he do OP?",
            MENTIONED,
            False,
        ),
        (
            "my sister used to cut herself in high school, she wants help with drinking now",
            MENTIONED,
            False,
        ),
        ("my brother took his own life 5 years ago and i've been drinking more", MENTIONED, False),
        # denials: only bridge words between the negation and the danger
        ("i have no plan to hurt myself, how long is iop?", MENTIONED, False),
        ("I'm not going to hurt anyone, I'm just irritable when I drink", MENTIONED, False),
        ("She denies any suicidal thoughts, who is IOP for?", MENTIONED, False),
        # figures of speech: a frame, with a laugh where the frame needs one
        (
            "My boss would kill me if I missed work, are there evening OP sessions?",
            MENTIONED,
            False,
        ),
        (
            "my sponsor is going to murder me for texting this late, how long does OP last?",
            MENTIONED,
            False,
        ),
        (
            "Insurance phone trees make me want to shoot myself lol. Which program is right?",
            MENTIONED,
            False,
        ),
        ("I'm dying to know the IOP schedule", MENTIONED, False),
        # danger now
        (
            "it's been 2 days since his last drink and he's sweating through his clothes and "
            "talking to people who aren't there",
            DANGER,
            False,
        ),
        (
            "ran out of my klonopin last week, my arms keep twitching and i'm scared i'll have a "
            "fit",
            DANGER,
            True,
        ),
        ("i want to kill myself", DANGER, True),
        # past, but now again: a recurring cue in the person's own sentence
        ("i tried to kill myself last month and i still feel that way", DANGER, True),
        ("attempted last year and thinking about it again", DANGER, True),
        ("he overdosed in 2021 and he just overdosed again tonight", DANGER, False),
        # an intent stated now, whatever came before
        ("sober for 2 years and i want to die", DANGER, True),
        # a negation with a non-bridge word between, or in another clause, denies nothing
        ("i don't think i want to live anymore", DANGER, True),
        ("I never thought I'd want to die but here I am", DANGER, True),
        ("I'm not going to lie, I want to kill myself", DANGER, True),
        ("theres no reason to live anymore", DANGER, True),  # negation_is_danger
        ("i'm not suicidal but i want to die", DANGER, True),
        # figures that are not safe to read as figures
        ("my husband said he'll kill me if I leave", DANGER, True),
        ("he has a knife and says he'll stab me if I call anyone", DANGER, True),
        ("lol if i lose this job i'll kill myself", DANGER, True),  # conditionals never defuse
        ("I'd rather be dead than go back to detox", DANGER, True),  # no laugh: in earnest
        # when the rules cannot tell, danger now
        ("my son overdosed", DANGER, False),
        ("do you treat suicidal thoughts?", DANGER, True),
        # Spanish
        (
            "hace dos años tuve una sobredosis, ahora quiero saber cuánto dura el IOP",
            MENTIONED,
            True,
        ),
        ("no tengo pensamientos de hacerme daño, solo quiero info del OP", MENTIONED, False),
        (
            "mi hermano se suicidó en 2019 y mi mamá quiere saber si hay terapia familiar",
            MENTIONED,
            False,
        ),
        ("ya no quiero vivir", DANGER, True),
        ("me quiero matar", DANGER, True),
        # a match is read in its own clause: its last token may be a comma or an "and"
        (
            "overdosed on heroin in 2017, narcan saved me, 5 yrs clean now. how long is IOP",
            MENTIONED,
            True,
        ),
        # "..." ends a sentence; a crisis verb in the present progressive is happening now
        (
            "I'm in recovery and I'm asking about groups... actually I think I'm overdosing",
            DANGER,
            True,
        ),
        # an attempt, a history, someone who died: over
        (
            "years ago I was hospitalized after a suicide attempt. what days does IOP meet",
            MENTIONED,
            True,
        ),
        ("self harm history but none in 3 years. can I still do IOP", MENTIONED, True),
        # "still" in a clause about someone else says nothing of the person now
        (
            "I tried to kill myself in 2019, my family still worries. does op have groups",
            MENTIONED,
            True,
        ),
        (
            "I overdosed two years ago and my family still worries, what does IOP involve",
            MENTIONED,
            True,
        ),
        (
            "I attempted in 2019 and my mom still checks on me, but i still want to die",
            DANGER,
            True,
        ),
        (
            "my friend died by suicide and he's drinking more now. do you do grief work",
            MENTIONED,
            False,
        ),
        # figures: a thing that "would murder me", a dying phone, a denial the person reports
        ("ugh the commute would murder me, is there a location in Durham", MENTIONED, False),
        ("my phone is about to die so quick question, is intake today", MENTIONED, False),
        (
            "the assessment asked about thoughts of self harm and i said no. what's next",
            MENTIONED,
            False,
        ),
        # a recovery told with "now" is not a "now" cue; "zero" denies like "no"
        (
            "those thoughts of killing myself are gone now, meds helped. how many hours is IOP",
            MENTIONED,
            True,
        ),
        ("zero suicidal thoughts, just want to know how long op lasts", MENTIONED, False),
        # "if i keep ..." is mundane; "if they keep crying" after a threat to the kids is not
        ("my boss will kill me if i keep coming in late, is there evening op", MENTIONED, False),
        ("im going to hurt the kids if they keep crying, im so drunk", DANGER, False),
        # session 18. An English word in a Spanish sentence is read with the Spanish cues too
        (
            "tuve ideas suicidas hace tres años, ya estoy mejor. el OP tiene grupos?",
            MENTIONED,
            True,
        ),
        # an overdose or medical match denied before it (rule 1b); its own "not" is the danger
        ("she's not unresponsive, just sulking. can she do an assessment?", MENTIONED, False),
        ("no tengo dolor de pecho, solo ansiedad. el OP ayuda?", MENTIONED, False),
        ("nadie tuvo sobredosis, solo pregunto por el narcan", MENTIONED, False),
        ("he's not breathing right after the pills", DANGER, False),
        ("i've never had chest pain like this after using", DANGER, True),
        # Spanish past cues: a month, an age, "de chamaca"
        ("mi hermano tuvo una sobredosis en febrero, ya esta bien. que sigue?", MENTIONED, False),
        ("a los 17 intente matarme, hoy tengo 30 y estoy estable. hay grupos?", MENTIONED, True),
        # figures: an overdose on coffee, a schedule that kills, an office's heat, a song
        ("about to overdose on caffeine before my intake lol, how long is it", MENTIONED, False),
        (
            "my teens are trying to kill me with their practice schedule, any evening iop",
            MENTIONED,
            False,
        ),
        ("el calor de este carro me esta matando, el OP es en linea?", MENTIONED, False),
        (
            "tantas preguntas, me quiero aventar por la ventana jaja. cuando empiezo?",
            MENTIONED,
            False,
        ),
        # hyperbole: a heart attack given by a bill, a lethal dose of boredom, sprint drills
        ("that invoice gave me a heart attack lol, do you take aetna", MENTIONED, False),
        ("math class is a lethal dose of boring, is there evening op", MENTIONED, False),
        ("we ran suicides at practice, can athletes do iop", MENTIONED, False),
        ("mi jefe me ahorca con tanto trabajo, el OP es de noche?", MENTIONED, False),
        # but "me mato" after a loss is a threat to kill oneself, whatever thing is named
        ("si pierdo este trabajo me mato", DANGER, True),
        # but a threat to stop someone leaving is not mundane, and a rope is a plan
        ("mi esposo dice q me va a matar si voy al programa", DANGER, True),
        ("ya tengo la soga lista", DANGER, True),
        # but a goodbye and no answer is danger now, and so is "her last night"
        ("my sister posted goodbye on facebook and she's not answering her phone", DANGER, False),
        ("she posted that tonight is her last night with a picture of razor blades", DANGER, False),
    ],
)
def test_each_message_gets_its_tier(detector, message, tier, own):
    signal = detector.assess(message)
    assert signal is not None, message
    assert (signal.tier, signal.own) == (tier, own), signal


@pytest.mark.parametrize(
    "message",
    ["how many hours a week is iop?", "the intake forms are murder, is there a shorter way?"],
)
def test_no_risk_words_no_tier(detector, message):
    assert detector.assess(message) is None


def test_detect_gives_danger_now_only(detector):
    assert detector.detect("i used to cut myself") is None
    assert detector.assess("i used to cut myself").kind is CrisisKind.SELF_HARM
    assert detector.detect("i cut myself tonight").tier is DANGER


def test_a_message_with_a_past_and_a_present_danger_is_danger_now(detector):
    signal = detector.assess(
        "my brother overdosed in 2019, and right now my dad took a whole bottle of pills"
    )
    assert (signal.tier, signal.kind) == (DANGER, CrisisKind.OVERDOSE)


def test_the_tier_cues_of_every_language_are_loaded(detector):
    assert set(detector.patterns.tiers) == {"en", "es"}
    for cues in detector.patterns.tiers.values():
        assert isinstance(cues, TierCues) and cues.negation and cues.past and cues.figures


@pytest.mark.parametrize(
    ("tiers_yaml", "error"),
    [
        ("tiers: {}", "tiers needs"),
        ("tiers: {negation: [no]}", "tiers needs"),
    ],
)
def test_a_patterns_file_without_its_tier_cues_is_rejected(tmp_path, tiers_yaml, error):
    path = tmp_path / "patterns.yml"
    rules = "\n".join(
        f"{kind}:\n  r_{kind}: [[{{LOWER: word{i}}}]]"
        for i, kind in enumerate(["self_harm", "overdose", "medical", "violence"])
    )
    path.write_text(f"{rules}\n{tiers_yaml}\n", encoding="utf-8")
    with pytest.raises(PatternError, match=error):
        load_patterns(path)
