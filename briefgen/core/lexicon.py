"""The shared vocabulary: the word lists of briefgen's rules, in one place.

Quotation attribution (cue verbs, titles, pronouns, determiners), sentence splitting
(abbreviations), the faithfulness guard (titles, names, dates, numbers) and the stop words of
the word-overlap measures. Where two lists look alike but differ (two title lists, three
speech-verb lists, three stop-word lists on one common core), the comment on each says why
they are kept apart: each rule was measured with its own, and merging them changes what it
does. (Language detection's function words, one list per language, are in
:mod:`briefgen.ingest.language`; word patterns and cosine are in :mod:`briefgen.core.textutil`.)
"""

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
implore upbraid intimate enthuse exult gripe chide rebuke mutter murmur blurt bellow roar
scoff bemoan rant groan snipe reassure assure remind inform disclose divulge beg entreat
beseech bristle carp jibe gloat rave rue recollect surmise speculate
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

# Lower-case words that end a role written before a name ("Russian oil official Sergei
# Oganesyan", "Clinton press secretary Brian Fallon"): with TITLES, the words after which a
# capitalised run is the person and the words before it the role.
ROLE_NOUNS = frozenset(
    """
    official officials spokesman spokeswoman spokesperson analyst economist strategist
    executive boss chief head expert adviser advisor aide researcher lawyer attorney
    correspondent editor reporter commentator critic writer author novelist actor actress
    singer star producer player striker midfielder defender goalkeeper captain champion
    member mp candidate nominee campaigner activist organiser organizer founder owner
    consultant engineer scientist doctor investigator prosecutor envoy diplomat dean
    principal teacher trader dealer broker banker investor pundit veteran holder winner
    sprinter athlete runner jumper boxer golfer rider driver coach manager secretary
    minister director chairman chairwoman president leader governor mayor senator
    ambassador officer inspector superintendent partner representative negotiator
    """.split()
)
# Nouns for a medium or a work: a capitalised run right after one is its title, not a
# person ("the programme Go Digital", "the novel Small Island").
MEDIA_NOUNS = frozenset(
    """
    programme program show series film movie book novel album song single newspaper
    magazine station channel website blog column documentary play musical sitcom drama
    paper journal bill act law report game title
    """.split()
)
# The instrument of a statement, not its speaker ("in a statement", "a tweet said"): the
# speaker is whoever issued it.
INSTRUMENT_NOUNS = frozenset(
    """
    statement statements tweet tweets post posts release notes note email e-mail message
    messages interview interviews voice speech remarks transcript transcripts advert ad ads
    video broadcast card sign banner placard poster notice
    """.split()
)
# Documents that news copy lets speak ("the report says", "the lawsuit said"): the issuer
# when the phrase names one ("a Homeland Security memo"), else the document itself.
DOCUMENT_NOUNS = frozenset(
    """
    report reports lawsuit suit complaint ruling document documents filing filings memo
    memos letter letters study survey
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
    around between throughout within across upon outside inside near beyond also
    """.split()
)

TIME_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday today tonight yesterday
    tomorrow january february march april may june july august september october november
    december morning afternoon evening night noon midnight weekend
    """.split()
)

# --- sentence splitting (briefgen.core.sentences; the faithfulness guard and quotes use it too) ---

# Words a full stop follows without ending the sentence ("Dr.", "Sept.", "U.S."), lower case,
# without their final full stop.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm maj st jr sr rev hon pres
    supt insp det cpl pvt messrs mme mlle
    inc ltd co corp llc plc bros dept univ assn est
    vs etc al approx fig figs no nos vol pp op ed eds
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thurs fri sat sun
    u.s u.k u.n e.u u.s.a e.g i.e a.m p.m d.c n.y l.a
    """.split()
)

# Speech verbs after a quoted question or exclamation that keep the sentence going
# ('"Who decided?" Farraday asked.'). Kept apart from CUE_FORMS and GUARD_SPEECH_VERBS:
# every sentence boundary in briefgen depends on this list, and another one moves some.
SPLITTER_SPEECH_VERBS: tuple[str, ...] = tuple(
    """
    said says asked asks added adds told tells wrote writes warned warns replied insisted
    argued explained continued shouted recalled admitted agreed declared posted tweeted
    """.split()
)

# --- the faithfulness guard (briefgen.faithfulness) ------------------------------------------

# Titles the guard takes off a name before checking it ("Mayor Voss" is Voss). Not TITLES
# (attribution's list): that one also holds words that are names to the guard when
# capitalised ("House", "State", "Senate", "Foreign", "Crown") and dotted forms; this one
# has titles attribution lacks ("duke", "earl", "pc", "supt").
GUARD_TITLES = frozenset(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father sister brother
    president vice prime minister chancellor secretary senator sen rep representative congressman
    congresswoman governor gov mayor councillor councilor judge justice chief officer inspector
    detective sergeant sgt lieutenant lt captain capt colonel col general gen major maj admiral
    commissioner superintendent supt constable pc bishop archbishop pope king queen prince princess
    duke duchess earl ambassador coach manager chairman chairwoman chair ceo director deputy
    """.split()
)

# Lower-case words inside a capitalised name ("Bank of England"). Not NAME_CONNECTORS
# (attribution's, for people's names only): the guard's names are places and bodies too.
GUARD_CONNECTORS = frozenset(
    "of de del della der di da la le van von bin al el du the and for on".split()
)

# Capitalised words that are not names when they start a sentence or stand alone.
NOT_NAMES = frozenset(
    """
    a an the this that these those it its he she they we you i his her their our your my
    there here then when where while after before as at by for from in into of on to with
    and but or nor so yet if because although though since until unless also however
    meanwhile instead still now today yesterday tomorrow tonight earlier later last next
    more most many much some several few both each every all any no not one two three
    what which who whom whose why how according despite during over under about around
    officials police authorities experts critics researchers scientists residents
    mr mrs ms dr former ex first new last official team breaking watch read click
    tv cctv dna id ok am pm gmt bst est
    """.split()
)

# Demonyms are supported by their country and the other way round.
DEMONYMS = {
    "american": "us", "british": "uk", "brit": "uk", "holland": "netherlands",
    "english": "england", "scottish": "scotland",
    "welsh": "wales", "irish": "ireland", "french": "france", "german": "germany",
    "spanish": "spain", "italian": "italy", "portuguese": "portugal", "dutch": "netherlands",
    "belgian": "belgium", "swiss": "switzerland", "austrian": "austria", "swedish": "sweden",
    "norwegian": "norway", "danish": "denmark", "finnish": "finland", "polish": "poland",
    "greek": "greece", "turkish": "turkey", "russian": "russia", "ukrainian": "ukraine",
    "chinese": "china", "japanese": "japan", "korean": "korea", "indian": "india",
    "pakistani": "pakistan", "afghan": "afghanistan", "iranian": "iran", "iraqi": "iraq",
    "syrian": "syria", "israeli": "israel", "palestinian": "palestine", "egyptian": "egypt",
    "saudi": "saudi arabia", "african": "africa", "nigerian": "nigeria", "kenyan": "kenya",
    "australian": "australia", "canadian": "canada", "mexican": "mexico",
    "brazilian": "brazil", "argentine": "argentina", "european": "europe", "asian": "asia",
}  # fmt: skip

# A capitalised first word followed by one of these is a name to check ("Voss said"). Kept
# apart from CUE_FORMS and SPLITTER_SPEECH_VERBS: each verb added makes more first words
# names (CUE_FORMS has "called", "put", "read": "Investigators called ..."), so more flags.
GUARD_SPEECH_VERBS = frozenset(
    """
    said says say told tells added adds asked asks warned warns argued argues claimed claims
    insisted insists wrote writes explained explains noted notes stated states announced
    announces confirmed confirms denied denies admitted admits revealed reveals
    """.split()
)

WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
MONTHS = {
    "january": "january", "jan": "january", "february": "february", "feb": "february",
    "march": "march", "mar": "march", "april": "april", "apr": "april", "may": "may",
    "june": "june", "jun": "june", "july": "july", "jul": "july", "august": "august",
    "aug": "august", "september": "september", "sep": "september", "sept": "september",
    "october": "october", "oct": "october", "november": "november", "nov": "november",
    "december": "december", "dec": "december",
}  # fmt: skip
"""Month names and abbreviations, each to its full name."""
# Months that are also ordinary words count as dates only next to a number.
AMBIGUOUS_MONTHS = frozenset("march mar may jun jan sep dec".split())

# Number words the guard checks ("one" is too often not a number to check, so it is only
# read on the article's side).
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "dozen": 12,
}  # fmt: skip
# Scale words and suffixes after a figure: "5m", "4.2bn", "3 million".
SCALES = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9,
    "billion": 1e9, "tn": 1e12, "trillion": 1e12,
}  # fmt: skip

# One name, several spellings: each is rewritten to the first before any check.
ALIASES: list[tuple[str, tuple[str, ...]]] = [
    ("US", ("United States of America", "United States", "U.S.A.", "U.S.A", "USA", "U.S.", "U.S")),
    ("UK", ("United Kingdom", "Great Britain", "Britain", "U.K.", "U.K")),
    ("UN", ("United Nations", "U.N.", "U.N")),
    ("EU", ("European Union", "E.U.", "E.U")),
]

# --- stop words for word-overlap measures ----------------------------------------------------

# English function words and words every news story has ("said", "mr", "year"): the words
# both TF-IDF measures leave out.
NEWS_STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own said same says she should so some such than that the their theirs them then
    there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours mr mrs ms one two new year
    """.split()
)

# Story grouping (briefgen.stories.dedupe) compares whole articles, so it also drops words any two
# stories share ("people", "time", "made"); RELATED_THRESHOLD was measured with exactly these.
GROUPING_STOPWORDS = NEWS_STOPWORDS | frozenset(
    """
    ourselves themselves yourself yourselves say told according years last first since
    people us may might must shall however many much well made make like get got even still
    back way going time
    """.split()
)

# Function words of the other languages briefgen reads, for grouping those articles: without
# them two French stories share "les", "des", "pour" and look related. English keeps
# GROUPING_STOPWORDS alone (its thresholds were measured with it).
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(text.split())
    for lang, text in {
        "fr": """le la les un une des du de au aux et ou mais donc or ni car que qui quoi dont où
            ce cet cette ces son sa ses leur leurs il elle ils elles on nous vous je tu se sur sous
            dans par pour avec sans entre vers chez en est sont été être avait ont a plus moins
            très aussi pas ne comme selon après avant depuis tout tous toute toutes été fait
            dit deux ans an jour lors""",
        "de": """der die das den dem des ein eine einer eines einem einen und oder aber doch sondern
            dass daß wie als wenn ob weil auch nicht kein keine ist sind war waren wird werden
            wurde wurden hat haben hatte hatten sein seine ihr ihre er sie es wir man sich mit
            von zu zum zur im in am an auf aus bei für nach über unter vor seit bis durch um
            noch nur schon sehr mehr so dies diese dieser dieses jahr jahre sagte zwei""",
        "es": """el la los las un una unos unas de del al y e o u pero que quien cual donde como
            cuando su sus se lo le les en con por para sin sobre entre hasta desde tras es son
            fue fueron ha han había está están ser más menos muy también no ya este esta estos
            estas ese esa dijo según años año dos""",
        "it": """il lo la i gli le un uno una di del della dei delle degli al alla ai alle a da
            dal dalla in nel nella nei con su sul sulla per tra fra e ed o ma che chi cui dove
            come quando è sono era stato stata ha hanno aveva si non più meno molto anche già
            questo questa questi queste suo sua suoi sue loro ha detto secondo anni anno due""",
        "pt": """o a os as um uma uns umas de do da dos das ao aos à às em no na nos nas por pelo
            pela com sem sobre entre até desde e ou mas que quem qual onde como quando se não
            mais menos muito também já é são foi foram tem têm ser está estão seu sua seus suas
            este esta estes estas esse essa disse segundo anos ano dois""",
        "nl": """de het een en of maar dat die dit deze wie wat waar hoe als dan ook niet geen is
            zijn was waren wordt worden werd heeft hebben had hij zij ze het wij we men zich met
            van voor naar op in aan uit bij door over onder tot om nog al meer zei jaar twee""",
    }.items()
}


# The extractive engine's TF-IDF (its ROUGE scores in benchmarks/quality.py were measured
# with this list, the grouping thresholds with the one above, hence two lists).
EXTRACTIVE_STOPWORDS = NEWS_STOPWORDS | {"dr"}

# The guard's fix mode, comparing a summary sentence with article sentences: a short list of
# its own; REPLACE_SIMILARITY was set with it, and a longer one changes what is replaced.
GUARD_STOPWORDS = frozenset(
    "a an the of to in on at for by with from and or but is are was were be been has have had "
    "it its this that he she they his her their said says will would as not".split()
)

# --- the faithfulness guard's relation checks (briefgen.faithfulness.relations) ----------------

# Words that negate a statement (stems; "n't" endings are read as negations too).
GUARD_NEGATIONS = frozenset("not no never none nobody nothing neither nor cannot".split())
# A sentence never ends on one of these ("... who has lost the."): it was cut off or garbled.
GUARD_DANGLING_END = frozenset("the a an of and or but his their its my your our".split())
# An article never stands directly before a preposition or another article ("The of the").
GUARD_DETERMINERS = frozenset("the a an".split())
GUARD_PREPOSITIONS = frozenset("of to in on at for by with from into about the a an".split())
# Words that carry no fact of their own, left out of the content words the relation checks
# compare (with NEWS_STOPWORDS): prepositions, adverbs of degree and time.
GUARD_FUNCTION_WORDS = frozenset(
    """
    via across near nearly still also just even already yet again ago away back around along
    among amid despite toward towards upon within without onto per whether though although
    almost about really very much many more most less least well currently now then later
    """.split()
)
