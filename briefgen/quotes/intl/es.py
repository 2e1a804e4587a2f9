"""Spanish: «...», “...” and dialogue dashes (—No cederemos —dijo el ministro—.), "dijo
la alcaldesa", "según la policía", and a verb of speech with no subject ("afirmó")."""

from __future__ import annotations

from .lexicon import LanguageRules, words

_VERBS = """
dijo dice dijeron decía afirmó afirma afirmaron declaró declara declararon aseguró asegura
aseguraron explicó explica añadió añade agregó agrega señaló señala indicó indica subrayó
subraya destacó destaca advirtió advierte insistió insiste sostuvo sostiene manifestó
apuntó apunta precisó recordó recuerda reconoció reconoce admitió lamentó lamenta criticó
denunció respondió responde comentó comenta contó relató concluyó prometió anunció
afirmado dicho declarado asegurado explicado añadido señalado exclamó resumió zanjó
matizó matiza replicó replica
"""

RULES = LanguageRules(
    code="es",
    cues=words(_VERBS),
    according=(("según",), ("de", "acuerdo", "con"), ("a", "juicio", "de")),
    auxiliaries=words("ha han había habían"),
    determiners=words("el la los las un una unos unas lo al del su sus este esta"),
    pronouns={"él": "m", "ella": "f", "ellos": "p", "ellas": "p"},
    titles=words(
        """alcalde alcaldesa ministro ministra presidente presidenta portavoz director
        directora secretario secretaria diputado diputada senador senadora jefe jefa
        responsable abogado abogada profesor profesora médico médica doctor doctora
        investigador investigadora economista sindicalista delegado delegada consejero
        consejera concejal concejala gobernador gobernadora embajador embajadora entrenador
        entrenadora seleccionador capitán capitana fiscal juez jueza vicepresidente
        vicepresidenta coordinador coordinadora experto experta analista fundador fundadora
        dirigente vecino vecina líder agricultor agricultora bombero comisario comisaria
        gerente catedrático catedrática jugador jugadora futbolista tenista delantero
        delantera portero centrocampista atleta ciclista piloto cantante actor actriz escritor
        escritora campeón campeona"""
    ),
    honorifics=words("sr. sra. don doña dr. dra."),
    connectors=words("de del la el los las y"),
    stops=words(
        """y o pero en a al ante con para por durante tras desde este esta ayer hoy lunes
        martes miércoles jueves viernes sábado domingo que quien cuando sobre según se le
        les lo"""
    ),
    skip=words("también además luego después entonces finalmente asimismo"),
    that=words("que"),
    male_names=words(
        """josé juan antonio manuel francisco javier carlos jesús miguel pedro alejandro
        rafael luis fernando pablo jorge alberto sergio ramón andrés enrique diego raúl
        ignacio joaquín santiago gonzalo álvaro pedro mariano felipe emilio"""
    ),
    female_names=words(
        """maría carmen ana isabel laura lucía marta cristina elena pilar rosa teresa paula
        sara raquel beatriz patricia silvia mercedes julia irene nuria montserrat yolanda
        inés lola dolores ángeles rocío"""
    ),
    feminine_determiners=words("la una esta"),
    masculine_determiners=words("el un este"),
    pro_drop=True,
)
