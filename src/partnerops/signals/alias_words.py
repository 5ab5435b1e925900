"""Words a seeded acronym must not be: common English words (an acronym "CAT" would match every cat) and the
generic business and technology abbreviations partner conversations are full of ("CRM", "ROI", "POC")."""

from __future__ import annotations

_COMMON = """
act add age ago aid aim air all and ant any ape apt arc are arm art ash ask ate bad bag ban bar bat bay bed bee beg
bet bid big bin bit bow box boy bud bug bun bus but buy bye cab can cap car cat cow cry cub cup cut dad dam day den
dew did die dig dim dip doc doe dog don dot dry due dug dye ear eat egg ego elf elk elm end era eve eye fab fan far
fat fax fed fee few fig fin fir fit fix fly foe fog for fox fry fun fur gag gap gas gel gem get gig gin god got gum
gun gut guy gym had ham has hat hay hen her hew hey hid him hip his hit hog hop hot how hub hue hug hum hut ice icy
ill imp ink inn ion its ivy jab jam jar jaw jay jet jig job jog joy jug key kid kin kit lab lad lag lap law lay led
leg let lid lie lip lit log lot low mad man map mat may men met mid mix mob mod mom mop mud mug nab nag nap net new
nil nod nor not now nun nut oak oar oat odd off oil old one opt orb ore our out owe owl own pad pal pan par pat paw
pay pea peg pen pep per pet pie pig pin pit ply pod pop pot pro pry pub pun pup put rag ram ran rap rat raw ray red
rib rid rig rim rip rob rod rot row rub rug rum run rut sad sag sap sat saw say sea see set sew she shy sin sip sir
sit six ski sky sly sob sod son sow soy spa spy sub sum sun tab tag tan tap tar tax tea ten the tie tin tip toe ton
too top tow toy try tub tug two urn use van vat vet via vie vow wad wag war was wax way web wed wet who why wig win
wit woe won woo wow yak yam yap yes yet you zap zip zoo
able acid aged also area army away baby back ball band bank base bath bear beat been beer bell belt best bill bird
blow blue boat body bomb bond bone book boom born boss both bowl bulk burn bush busy call calm came camp card care
case cash cast cell chat chip city clip club coal coat code cold come cook cool cope copy core cost crew crop dark
data date dawn dead deal dear debt deep deny desk dial diet disc disk does done door dose down draw drew drop drug
dual duke dust duty each earn ease east easy edge else even ever evil exit face fact fail fair fall farm fast fate
fear feed feel feet fell felt file fill film find fine fire firm fish five flat flow food foot form fort four free
from fuel full fund gain game gate gave gear gene gift girl give glad goal goes gold golf gone good grew grey grow
gulf hair half hall hand hang hard harm hate have head hear heat held hell help here hero high hill hire hold hole
holy home hope host hour huge hung hunt hurt idea inch into iron item jack jane jean john join jump jury just keen
keep kent kept kick kill kind king knee knew know lack lady laid lake land lane last late lead left less life lift
like line link list live load loan lock long look lord lose loss lost love luck made mail main make male many mark
mass meal mean meat meet menu mere mike mile milk mill mind mine miss mode mood moon more most move much must name
navy near neck need news next nice nick nine none nose note okay once only open oral over pace pack page paid pain
pair palm park part pass past path peak pick pile pine pink pipe plan play plot plug plus poll pool poor port post
pull pure push race rail rain rank rare rate read real rear rely rent rest rice rich ride ring rise risk road rock
role roll roof room root rose rule rush safe said sake sale salt same sand save seat seed seek seem seen self sell
send sent ship shop shot show shut sick side sign site size skin slip slow snow soft soil sold sole some song soon
sort soul spot star stay step stop such suit sure take tale talk tall tank tape task team tech tell tend term test
text than that them then they thin this thus tide till time tiny told tone took tool tour town tree trip true tune
turn twin type unit upon used user vary vast very vice view vote wage wait wake walk wall want warm wash wave ways
weak wear week well went were west what when whom wide wife wild will wind wine wing wire wise wish with wood word
wore work yard yeah year your zero zone
"""

_GENERIC = """
api arr acv asap bdr cad ceo cfo cio cli cmo coo cpu crm cso csm csv cto dns eod eow erp est eta etl eur faq fyi gbp
gdpr gmt gpu gsi hipaa isv kpi mdf mrr msa msp nda oem pdf poc qbr ram rfi rfp rfq roi saas sdk sdr sla smb sow sql
sso ssd tbd tcv usa usd utc var vpn
"""

COMMON_WORDS = frozenset(_COMMON.split())
GENERIC_ACRONYMS = frozenset(_GENERIC.split())


def is_common(word: str) -> bool:
    return word.lower() in COMMON_WORDS or word.lower() in GENERIC_ACRONYMS
