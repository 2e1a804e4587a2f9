"""French: « ... » with or without inner (non-breaking) spaces, dialogue dashes, "a déclaré
le maire", "a-t-il ajouté", "selon la police"."""

from __future__ import annotations

from .lexicon import LanguageRules, words

_VERBS = """
dit dire disait déclare déclaré déclarait déclarent affirme affirmé affirmait affirment
ajoute ajouté ajoutait explique expliqué expliquait expliquent souligne souligné soulignait
estime estimé estimait indique indiqué indiquait précise précisé précisait assure assuré
assurait insiste insisté annoncé confie confié lance lancé prévient prévenu répond répondu
répondait rappelle rappelé reconnaît reconnait reconnu martèle martelé poursuit poursuivi
conclut conclu commente commenté raconte raconté racontait témoigne témoigné déplore
déploré regrette regretté observe observé avertit averti dénonce dénoncé promet promis
admet admis exclamé interroge interrogé demandé réagi résume résumé tranche tranché glisse
glissé lâche lâché confirme confirmé écrit écrivait insistait résumait déclarera réjoui salué
répliqué réplique rétorqué rétorque nuancé nuance
félicité inquiété alerté
"""

_CUES = words(_VERBS)

RULES = LanguageRules(
    code="fr",
    cues=_CUES | {f"{w}{end}" for w in _CUES if w.endswith("é") for end in ("e", "s", "es")},
    according=(("selon",), ("d'après",), ("pour",)),
    auxiliaries=words("a ont avait avaient aurait auraient s' se est sont"),
    determiners=words("le la les l' un une des du au aux ce cet cette ces son sa ses leur"),
    pronouns={"il": "m", "elle": "f", "ils": "p", "elles": "p"},
    titles=words(
        """maire ministre président présidente porte-parole directeur directrice secrétaire
        député députée sénateur sénatrice préfet préfète chef cheffe patron patronne
        responsable avocat avocate professeur professeure médecin docteur chercheur
        chercheuse économiste syndicaliste délégué déléguée adjoint adjointe procureur
        procureure commissaire entraîneur sélectionneur capitaine gouverneur ambassadeur
        ambassadrice conseiller conseillère élu élue militant militante expert experte
        analyste fondateur fondatrice dirigeant dirigeante vice-président vice-présidente
        coordinateur coordinatrice gérant gérante agriculteur agricultrice pompier infirmière
        infirmier enseignant enseignante sociologue politologue juge pdg p.-d.g. général
        générale premier première joueur joueuse attaquant attaquante gardien pilote chanteur
        chanteuse acteur actrice écrivain écrivaine romancier romancière champion championne athlète
        commandant commandante secrétaire-général présidente-directrice
        président-directeur porte-parole"""
    ),
    honorifics=words("m. mme mlle me dr pr"),
    connectors=words("de du des d' la l' et au aux"),
    stops=words(
        """et ou mais dans lors à au aux en sur pour avec devant après avant pendant par
        hier aujourd'hui lundi mardi mercredi jeudi vendredi samedi dimanche matin soir qui
        que dont où ne n' se s' depuis face auprès chez vers contre sans sous entre dès
        lui leur y mi-janvier cette ce"""
    ),
    skip=words("aussi également encore ensuite alors enfin toutefois cependant néanmoins"),
    that=words("que qu'"),
    male_names=words(
        """jean pierre françois jacques nicolas michel philippe alain patrick marc laurent
        olivier thierry éric eric christophe stéphane sébastien julien david bruno didier
        gérald emmanuel édouard bernard gilles yves luc hugo louis antoine mathieu matthieu
        vincent benoît guillaume romain xavier denis paul henri rémi"""
    ),
    female_names=words(
        """marie anne sophie isabelle catherine nathalie sylvie valérie christine sandrine
        céline claire camille julie élise élisabeth chloé léa manon juliette agnès hélène
        martine brigitte monique ségolène rachida anne-marie véronique aurélie émilie
        amélie marine laure mathilde nadia"""
    ),
    feminine_determiners=words("la une cette sa"),
    masculine_determiners=words("le un ce cet son"),
    clitic_pronouns=words("il elle ils elles on"),
    spaced_guillemets=True,
)
