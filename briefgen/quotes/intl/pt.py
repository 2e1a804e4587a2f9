"""Portuguese: “...”, «...» (Portugal), dialogue dashes, "disse o ministro", "segundo a
polícia", "afirmou" with no subject."""

from __future__ import annotations

from .lexicon import LanguageRules, words

_VERBS = """
disse diz disseram dizia afirmou afirma afirmaram declarou declara explicou explica
acrescentou acrescenta sublinhou sublinha salientou salienta destacou destaca ressaltou
ressalta garantiu garante assegurou frisou frisa advertiu alertou alerta lembrou lembra
reconheceu admitiu lamentou criticou respondeu responde comentou contou concluiu anunciou
prometeu defendeu defende avaliou avalia afirmado dito declarado observou insistiu
"""

RULES = LanguageRules(
    code="pt",
    cues=words(_VERBS),
    according=(("segundo",), ("de", "acordo", "com"), ("conforme",)),
    auxiliaries=words("tem têm tinha tinham havia"),
    determiners=words("o a os as um uma uns umas do da dos das ao à seu sua este esta"),
    pronouns={"ele": "m", "ela": "f", "eles": "p", "elas": "p"},
    titles=words(
        """prefeito prefeita presidente ministro ministra porta-voz diretor diretora
        secretário secretária deputado deputada senador senadora chefe responsável
        advogado advogada professor professora médico médica doutor doutora investigador
        investigadora pesquisador pesquisadora economista sindicalista delegado delegada
        conselheiro conselheira vereador vereadora governador governadora embaixador
        embaixadora treinador treinadora selecionador capitão procurador procuradora juiz
        juíza vice-presidente coordenador coordenadora especialista analista fundador
        fundadora dirigente líder autarca morador moradora agricultor agricultora bombeiro
        comandante gerente técnico jogador jogadora atacante avançado goleiro guarda-redes
        tenista piloto cantor cantora ator atriz escritor escritora campeão campeã atleta
        oposta"""
    ),
    honorifics=words("sr. sra. dona dom dr. dra."),
    connectors=words("de do da dos das e"),
    stops=words(
        """e ou mas em no na nos nas ao aos à às com para por durante após depois ontem hoje
        segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo que
        quando nesta neste sobre se lhe num numa nuns numas pelo pela pelos pelas"""
    ),
    skip=words("também ainda depois então finalmente além"),
    that=words("que"),
    male_names=words(
        """joão josé antónio antonio manuel francisco carlos paulo pedro luís luiz fernando
        rui jorge miguel ricardo marcelo rafael tiago gustavo lucas eduardo sérgio bruno
        andré nuno vasco mário"""
    ),
    female_names=words(
        """maria ana joana beatriz mariana catarina inês sofia marta rita teresa helena
        fernanda juliana patrícia luísa luiza cláudia sandra paula gabriela camila letícia
        isabel dilma"""
    ),
    feminine_determiners=words("a uma esta"),
    masculine_determiners=words("o um este"),
    pro_drop=True,
)
