"""Word lists for attribution: cue verbs, titles, pronouns, determiners."""

from __future__ import annotations

_IRREGULAR = {
    "say": ("said", "says", "saying"),
    "tell": ("told", "tells", "telling"),
    "write": ("wrote", "writes", "writing", "written"),
    "read": ("reads", "reading"),
    "sing": ("sang", "sings", "singing", "sung"),
    "put": ("puts", "putting"),
    "cry": ("cried", "cries", "crying"),
    "reply": ("replied", "replies", "replying"),
    "testify": ("testified", "testifies", "testifying"),
    "quip": ("quipped", "quips", "quipping"),
    "dub": ("dubbed", "dubs", "dubbing"),
    "plead": ("pleaded", "pleads", "pleading", "pled"),
}

# Verbs that introduce a quotation. Base forms; regular inflections are generated.
_STRONG_CUES = """
say tell write add warn insist argue ask tweet post explain declare announce continue recall
reply respond acknowledge admit assert complain concede conclude confirm contend predict
promise remark reiterate reveal suggest urge vow pledge caution observe emphasise emphasize
stress maintain counter quip joke shout yell chant sing boast exclaim demand describe deny
retort muse testify thunder allege lament wonder whisper scream cry plead proclaim recount
dub brand label blast scold criticise criticize accuse praise hail mock slam dismiss lambast
rail fume snap grumble sneer tease gush marvel sigh laugh add agree disagree charge claim
note state report comment answer call read put cite tout insist predict estimate concede
opine interject interrupt chime echo affirm advise announce apologise apologize boast
caution clarify confide confess contend declare decry denounce describe elaborate explain
""".split()

# Forms that are also common nouns ("a post", "the report"): only trusted right after a
# subject ("the paper reports") or right after a quotation (", the agency reports").
WEAK_FORMS = frozenset(
    """
    post posts report reports state states note notes claim claims comment comments answer
    answers call calls read reads put puts cite cites charge charges tweet tweets estimate
    estimates echo echoes counter counters add adds stress stresses continue continues
    label labels brand brands remark remarks answer answers demand demands promise promises
    joke jokes praise praises charge charges cry cries chant chants
    """.split()
)


def _inflect(verb: str) -> set[str]:
    if verb in _IRREGULAR:
        return {verb, *_IRREGULAR[verb]}
    forms = {verb}
    if verb.endswith("e"):
        forms |= {verb + "d", verb + "s", verb[:-1] + "ing"}
    elif verb.endswith("y") and verb[-2] not in "aeiou":
        forms |= {verb[:-1] + "ied", verb[:-1] + "ies", verb + "ing"}
    elif verb.endswith(("sh", "ch", "s", "x", "z")):
        forms |= {verb + "ed", verb + "es", verb + "ing"}
    elif verb in {"post", "tweet", "blast", "insist", "predict", "lambast", "boast", "assert"}:
        forms |= {verb + "ed", verb + "s", verb + "ing"}
    elif (
        len(verb) <= 4
        and verb[-1] not in "aeiouwy"
        and verb[-2] in "aeiou"
        and verb[-3] not in "aeiou"
    ):
        forms |= {verb + verb[-1] + "ed", verb + "s", verb + verb[-1] + "ing"}
    else:
        forms |= {verb + "ed", verb + "s", verb + "ing"}
    return forms


CUE_FORMS: frozenset[str] = frozenset(f for v in _STRONG_CUES for f in _inflect(v))

PRONOUNS = {
    "he": "m",
    "she": "f",
    "they": "p",
    "it": "n",
    "i": "x",
    "we": "p",
    "you": "x",
}

DETERMINERS = frozenset(
    """
    the a an his her its their our my your this that these those some many several another
    other one two three four five six seven eight nine ten both each every most few
    """.split()
)

# Words that end a backward search for a subject: a subject never runs across them.
CLAUSE_WORDS = frozenset(
    """
    and but or nor so yet that which who whom whose when where while as because if though
    although since after before than to of in on at for by with from into about over under
    against between through during without within upon onto also then not is was are were be
    been being has have had do does did will would can could may might must should shall
    what how why there here said says told tells wrote writes
    """.split()
)

# Skipped between a subject and its cue: "he also said", "Smith later told".
ADVERBS = frozenset(
    """
    also later then once again previously earlier further repeatedly reportedly recently
    has had have was is would will had just still even often has already first last
    """.split()
)

TITLES = frozenset(
    """
    president vice prime minister secretary gov gov. governor sen sen. senator rep rep.
    representative mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor mayor judge
    justice chief attorney general gen. gen lt lt. col col. sgt sgt. capt capt. adm adm.
    maj maj. king queen prince princess pope rev rev. sheikh ayatollah leader chancellor
    chairman chairwoman chair speaker director ambassador commissioner spokesman
    spokeswoman spokesperson del del. deputy officer coach manager chief executive ceo
    founder editor host anchor sir dame lord lady senior foreign defence defense interior
    finance health state house senate majority minority whip press counsel analyst
    economist professor lawmaker congressman congresswoman councilman councilwoman
    commander emir crown sultan premier treasurer minister commissioner bishop cardinal
    archbishop imam rabbi pastor father sister brother detective inspector superintendent
    constable sergeant corporal private colonel major captain lieutenant admiral marshal
    councillor councilor cllr alderman assemblyman assemblywoman
    """.split()
)

HONORIFIC_GENDER = {
    "mr": "m",
    "mr.": "m",
    "sir": "m",
    "king": "m",
    "prince": "m",
    "lord": "m",
    "father": "m",
    "brother": "m",
    "congressman": "m",
    "chairman": "m",
    "spokesman": "m",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "miss": "f",
    "queen": "f",
    "princess": "f",
    "dame": "f",
    "lady": "f",
    "sister": "f",
    "congresswoman": "f",
    "chairwoman": "f",
    "spokeswoman": "f",
}

NAME_CONNECTORS = frozenset(
    "de van von bin al da del della di du la le ibn der den dos das y".split()
)

ORG_WORDS = frozenset(
    """
    office ministry department campaign committee party government agency police council
    company firm corporation group bank union association organisation organization
    administration commission board court army military navy embassy spokesman's
    institute university school foundation league network channel newspaper magazine
    paper website site service services authority authorities team club federation
    coalition alliance movement centre center bureau cabinet parliament congress senate
    house assembly fund trust society inc corp ltd plc llc times post news press journal
    reuters bbc cnn nbc abc cbs fox msnbc politifact statement report letter memo study
    survey poll article ad book piece clip ruling records label studio studios holdings
    systems capital partners
    """.split()
)

PLURAL_HEADS = frozenset(
    """
    officials analysts experts sources critics residents protesters demonstrators police
    officers authorities lawmakers democrats republicans leaders witnesses observers
    economists investors supporters aides advisers advisors diplomats doctors scientists
    researchers voters members activists people organisers organizers others
    """.split()
)

# Common first names, for the gender of a named speaker (used only to decide whether
# "he" or "she" may refer to them; unknown names fit either).
MALE_NAMES = frozenset(
    """
    donald joe barack bill george john james robert michael william david richard joseph
    thomas charles christopher daniel matthew anthony mark paul steven andrew kenneth joshua
    kevin brian ronald timothy jason jeffrey ryan jacob gary nicholas eric jonathan stephen
    larry justin scott brandon benjamin samuel gregory frank alexander patrick raymond jack
    dennis jerry tyler aaron jose adam henry nathan douglas zachary peter kyle walter ethan
    jeremy harold keith christian roger noah gerald carl terry sean austin arthur lawrence
    jesse dylan bryan jordan billy bruce albert willie gabriel logan alan juan wayne roy
    ralph randy eugene vincent russell elijah louis bobby philip johnny mike tim tom ted
    bernie mitch chuck newt rand marco ben boris emmanuel vladimir xi recep narendra
    justin olaf keir rishi tony gordon nigel jeremy ali hassan masoud mahmoud mohammed
    muhammad ahmed ebrahim hamid abdullah omar khalid benjamin yair naftali isaac ehud
    volodymyr sergei dmitry alexei jean pierre francois jacques nicolas angela helmut
    pat rudy rudolph newt lindsey reince kellyanne mike jeb hugh lloyd victor nick jo
    """.split()
)
FEMALE_NAMES = frozenset(
    """
    hillary mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy
    lisa betty margaret sandra ashley kimberly emily donna michelle dorothy carol amanda
    melissa deborah stephanie rebecca sharon laura cynthia kathleen amy shirley angela
    helen anna brenda pamela nicole emma samantha katherine christine debra rachel catherine
    carolyn janet ruth maria heather diane virginia julie joyce victoria olivia kelly
    christina lauren joan evelyn judith megan cheryl andrea hannah martha jacqueline frances
    gloria ann teresa kathryn sara janice jean alice madison doris abigail julia judy grace
    denise amber marilyn beverly danielle theresa sophia marie diana brittany natalie
    isabella charlotte rose alexis kayla melania ivanka chelsea kamala nikki theresa
    ursula christine giorgia marine jacinda sanna golda tzipi ayelet loretta elaine
    elizabeth nancy susan claire tammy kirsten jill huma kellyanne sarah huckabee ava
    melanie mariah oprah beyonce taylor
    """.split()
)

# Party and affiliation words written before a name ("Democratic Jo Smith"): a role.
AFFILIATIONS = frozenset(
    """
    democratic democrat republican gop labour labor conservative tory liberal green
    independent socialist progressive libertarian centrist unionist nationalist
    """.split()
)

# Capitalised words that open an introductory phrase, not a name: "With ...," "In ...,".
INTRO_WORDS = frozenset(
    """
    with in on at for after before when while as if despite during following according
    although though meanwhile however since until unlike like because by from under over
    amid among ahead speaking asked last earlier later this
    """.split()
)

TIME_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday today tonight yesterday
    tomorrow january february march april may june july august september october november
    december
    """.split()
)
