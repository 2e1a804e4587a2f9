"""Italian: “...”, «...», "ha detto il sindaco", "secondo la polizia", "ha spiegato"
with no subject."""

from __future__ import annotations

from .lexicon import LanguageRules, words

_VERBS = """
detto dice disse dicono dichiarato dichiara dichiarò affermato afferma affermò spiegato
spiega spiegò aggiunto aggiunge aggiunse sottolineato sottolinea sottolineò osservato
osserva commentato commenta precisato precisa ricordato ricorda annunciato assicurato
assicura ammesso ammette avvertito avverte insistito insiste raccontato racconta rispose
risposto risponde concluso conclude evidenziato rimarcato sostiene sostenuto denunciato
lamentato scritto scrive replicato replica ribadito ribadisce confermato conferma
"""

RULES = LanguageRules(
    code="it",
    cues=words(_VERBS),
    according=(("secondo",), ("stando", "a"), ("a", "detta", "di")),
    auxiliaries=words("ha hanno aveva avevano"),
    determiners=words(
        "il lo la l' i gli le un uno una un' del della dello dei degli delle al alla suo sua"
    ),
    pronouns={"lui": "m", "lei": "f", "egli": "m", "essa": "f", "loro": "p"},
    titles=words(
        """sindaco sindaca ministro ministra presidente presidentessa portavoce direttore
        direttrice segretario segretaria deputato deputata senatore senatrice capo
        responsabile avvocato avvocata professore professoressa medico dottore dottoressa
        ricercatore ricercatrice economista sindacalista delegato delegata consigliere
        consigliera assessore assessora governatore governatrice ambasciatore ambasciatrice
        allenatore ct capitano procuratore procuratrice giudice vicepresidente coordinatore
        coordinatrice esperto esperta analista fondatore fondatrice dirigente leader
        amministratore amministratrice prefetto commissario questore premier agricoltore
        comandante tennista calciatore attaccante portiere pilota cantante attore attrice
        scrittore scrittrice campione campionessa giocatore giocatrice"""
    ),
    honorifics=words("sig. sig.ra dott. dott.ssa prof. on."),
    connectors=words("di del della dello dei degli delle d' e"),
    stops=words(
        """e o ma in a al ai alla alle con per durante dopo davanti ieri oggi lunedì martedì
        mercoledì giovedì venerdì sabato domenica che quando questa questo stamattina su
        sul sulla nel nella ne si gli"""
    ),
    skip=words("anche inoltre poi ancora infine però quindi"),
    that=words("che"),
    male_names=words(
        """giuseppe giovanni antonio mario luigi francesco angelo vincenzo pietro salvatore
        carlo franco domenico bruno paolo michele giorgio alessandro andrea marco matteo
        luca stefano roberto sergio enrico gianni massimo fabio sandro lorenzo"""
    ),
    female_names=words(
        """maria anna giuseppina rosa angela giovanna teresa lucia carmela caterina francesca
        elena chiara giulia sara laura valentina federica silvia paola giorgia elly alessandra
        roberta simona marta"""
    ),
    feminine_determiners=words("la una"),
    masculine_determiners=words("il lo un uno"),
    pro_drop=True,
)
