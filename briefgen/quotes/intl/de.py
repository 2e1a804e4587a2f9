"""German: „ ... “ and » ... «, "sagte Bürgermeister Hans Weber", "so Weber", "laut der
Polizei", "erklärte sie". Nouns are capitalised, so a name is told from a noun by a first
name, a role word before it or its use with a verb of speech, never by its capital alone."""

from __future__ import annotations

from .lexicon import LanguageRules, words

_VERBS = """
sagte sagt sagten sagen gesagt erklärte erklärt erklärten betonte betont betonten fügte
fügt ergänzte ergänzt meinte meint warnte warnt warnten kritisierte kritisiert berichtete
berichtet erläuterte erläutert unterstrich unterstreicht bekräftigte bekräftigt versicherte
versichert forderte fordert räumte räumt kündigte kündigt teilte teilt schrieb schreibt
antwortete antwortet fragte fragt mahnte mahnt lobte lobt erzählte erzählt beklagte beklagt
bestätigte bestätigt stellte stellt verkündete verkündet rief resümierte zitiert
entgegnete entgegnet widersprach widerspricht appellierte
"""

RULES = LanguageRules(
    code="de",
    cues=words(_VERBS),
    according=(("laut",), ("nach", "angaben", "von"), ("zufolge",)),
    auxiliaries=words("hat haben hatte hatten habe"),
    determiners=words(
        "der die das den dem des ein eine einer eines einem einen sein seine ihr ihre "
        "dieser diese dieses"
    ),
    pronouns={"er": "m", "sie": "f"},
    titles=words(
        """bürgermeister bürgermeisterin oberbürgermeister oberbürgermeisterin minister
        ministerin sprecher sprecherin präsident präsidentin chef chefin leiter leiterin
        direktor direktorin vorsitzende vorsitzender kanzler kanzlerin abgeordnete
        abgeordneter experte expertin professor professorin trainer trainerin landrat
        landrätin geschäftsführer geschäftsführerin anwalt anwältin richter richterin
        staatsanwalt staatsanwältin forscher forscherin ökonom ökonomin gewerkschafter
        gewerkschafterin bauer bäuerin landwirt landwirtin arzt ärztin kapitän kapitänin
        senator senatorin stadtrat stadträtin bundeskanzler bundeskanzlerin
        ministerpräsident ministerpräsidentin einsatzleiter einsatzleiterin torschütze
        torschützin kapitän"""
    ),
    honorifics=words("herr frau dr. prof."),
    connectors=words("der des für von und"),
    stops=words(
        """und oder aber am im in an auf bei vor nach mit für gegenüber während gestern heute
        montag dienstag mittwoch donnerstag freitag samstag sonntag morgen abend zu zum zur
        laut dass als wie über es sich nicht noch bereits"""
    ),
    skip=words("auch zudem außerdem noch ebenfalls weiter dann später bereits jedoch aber"),
    that=words("dass"),
    male_names=words(
        """hans peter klaus jürgen michael thomas andreas stefan frank markus martin wolfgang
        karl heinz uwe dieter günter gerhard helmut horst jan jens lars lukas felix jonas
        tobias florian sebastian matthias christian alexander olaf friedrich robert boris
        joachim volker rainer ralf bernd dirk holger"""
    ),
    female_names=words(
        """anna maria ursula monika petra sabine claudia andrea susanne birgit katrin karin
        heike julia laura lena lea sarah sophie hannah katharina angela annalena renate
        ingrid gisela helga elke ulrike franziska johanna christine nancy svenja manuela
        anke silke"""
    ),
    feminine_determiners=words("die eine"),
    masculine_determiners=words("der ein"),
    title_suffixes=(
        "meister",
        "meisterin",
        "minister",
        "ministerin",
        "sprecher",
        "sprecherin",
        "präsident",
        "präsidentin",
        "chef",
        "chefin",
        "leiter",
        "leiterin",
        "direktor",
        "direktorin",
        "vorsitzende",
        "vorsitzender",
        "experte",
        "expertin",
        "trainer",
        "trainerin",
        "anwalt",
        "anwältin",
        "richter",
        "richterin",
        "forscher",
        "forscherin",
        "führer",
        "führerin",
        "beauftragte",
        "beauftragter",
        "kommissar",
        "kommissarin",
        "vertreter",
        "vertreterin",
        "arzt",
        "ärztin",
        "sekretär",
        "sekretärin",
        "jährige",
        "jähriger",
        "politiker",
        "politikerin",
        "spieler",
        "spielerin",
        "fahrer",
        "fahrerin",
        "sänger",
        "sängerin",
        "stürmer",
        "stürmerin",
    ),
    after_source=words("so"),
    postposed=words("zufolge"),
)
