"""The phrase lists the demo data is written from: Khmer first, with English beside it,
so that generated communities and activities read like the real ones."""

from cop_portal.core.models import TargetGroup

_W, _D, _I = TargetGroup.WOMEN, TargetGroup.DISABILITY, TargetGroup.INDIGENOUS
_EY, _L = TargetGroup.ELDERLY_YOUTH, TargetGroup.LGBTQI

# (Khmer, English, target group or None): what communities and activities are about.
SUBJECTS = [
    ("សិទ្ធិស្ត្រី", "women's rights", _W),
    ("អំពើហិង្សាផ្អែកលើយេនឌ័រ", "gender-based violence", _W),
    ("ភាពជាអ្នកដឹកនាំរបស់ស្ត្រី", "women's leadership", _W),
    ("សេវាសុខភាពសម្រាប់អ្នករស់នៅជាមួយមេរោគអេដស៍", "health services for people living with HIV", _W),
    ("សិទ្ធិជនមានពិការភាព", "disability rights", _D),
    ("ភាសាសញ្ញា", "sign language", _D),
    ("ការអប់រំបរិយាប័ន្ន", "inclusive education", _D),
    ("ភាពងាយស្រួលចូលប្រើអគារសាធារណៈ", "access to public buildings", _D),
    ("សិទ្ធិលើដីធ្លីសហគមន៍", "community land rights", _I),
    ("ការថែរក្សាភាសាជនជាតិដើមភាគតិច", "keeping indigenous languages alive", _I),
    ("ការគ្រប់គ្រងធនធានធម្មជាតិ", "natural resource management", _I),
    ("ការចូលរួមរបស់យុវជន", "youth participation", _EY),
    ("សុខុមាលភាពមនុស្សចាស់", "the well-being of older people", _EY),
    ("ជំនាញឌីជីថលសម្រាប់យុវជន", "digital skills for young people", _EY),
    ("ការសន្ទនារវាងជំនាន់", "dialogue between generations", _EY),
    ("ការទទួលស្គាល់មនុស្ស LGBTQI ក្នុងគ្រួសារ", "acceptance of LGBTQI people in families", _L),
    ("កន្លែងមានសុវត្ថិភាព", "safe spaces", _L),
    ("សុខភាពផ្លូវចិត្ត", "mental health", _L),
    ("ការតស៊ូមតិ", "advocacy", None),
    ("ការតាមដាន និងវាយតម្លៃ", "monitoring and evaluation", None),
    ("ការចូលរួមក្នុងផែនការអភិវឌ្ឍឃុំ", "taking part in commune development planning", None),
    ("ការប្រែប្រួលអាកាសធាតុ", "climate change", None),
    ("មុខរបរ និងប្រាក់ចំណូល", "livelihoods and income", None),
]

# (Khmer, English as a name, English after "in"): where a community works.
REGIONS = [
    ("ភូមិភាគពាយ័ព្យ", "North-West", "the North-West"),
    ("ភូមិភាគឦសាន", "North-East", "the North-East"),
    ("តំបន់ទន្លេសាប", "Tonle Sap", "the Tonle Sap region"),
    ("តំបន់មាត់សមុទ្រ", "Coast", "the coastal provinces"),
    ("តំបន់ខ្ពង់រាប", "Plateau", "the plateau provinces"),
    ("តំបន់ទំនាបមេគង្គ", "Mekong Lowlands", "the Mekong lowlands"),
    ("រាជធានីភ្នំពេញ", "Phnom Penh", "Phnom Penh"),
    ("ទូទាំងប្រទេស", "Nationwide", "the whole country"),
]

ORGANIZATION_KINDS = [
    ("អង្គការ", "Organisation"),
    ("សមាគម", "Association"),
    ("បណ្តាញ", "Network"),
    ("មជ្ឈមណ្ឌល", "Centre"),
    ("សហព័ន្ធ", "Federation"),
    ("ក្រុម", "Group"),
    ("វេទិកា", "Forum"),
]
ORGANIZATION_FOCUS = [
    ("ជនមានពិការភាព", "of People with Disabilities", _D),
    ("ជនពិការភ្នែក", "of Blind People", _D),
    ("ស្ត្រីដើម្បីការអភិវឌ្ឍ", "of Women for Development", _W),
    ("ស្ត្រីរស់នៅជាមួយមេរោគអេដស៍", "of Women Living with HIV", _W),
    ("យុវជនសកម្ម", "of Active Youth", _EY),
    ("មនុស្សចាស់", "of Older People", _EY),
    ("ជនជាតិដើមភាគតិច", "of Indigenous Peoples", _I),
    ("កសិករជនជាតិដើមភាគតិច", "of Indigenous Farmers", _I),
    ("សិទ្ធិ LGBTQI", "for LGBTQI Rights", _L),
    ("ភាពស្មើគ្នា", "for Equality", None),
    ("សុខភាពសហគមន៍", "for Community Health", None),
]

FAMILY_NAMES = ["សុខ", "ចាន់", "ឈឹម", "ហេង", "ម៉ៅ", "គឹម", "ស៊ុន", "ពៅ", "លី", "វង្ស", "កែវ", "ជា"]
GIVEN_NAMES = [
    "ចាន់ធា",
    "សុភា",
    "វណ្ណា",
    "ស្រីនាង",
    "ដារ៉ា",
    "សុវណ្ណ",
    "បុប្ផា",
    "រតនា",
    "វិចិត្រ",
    "សុខា",
    "ពិសី",
    "ធីតា",
    "សំណាង",
    "សុផល",
]

# (Khmer, English) kinds of event, by activity type code; others take the general ones.
EVENT_KINDS = {
    "problem-solving": [("ការពិភាក្សាដោះស្រាយបញ្ហា", "Problem-solving discussion")],
    "practice-innovation": [("សិក្ខាសាលាច្នៃប្រឌិត", "Innovation workshop")],
    "knowledge-sharing": [
        ("សិក្ខាសាលាចែករំលែកចំណេះដឹង", "Knowledge-sharing workshop"),
        ("ការបណ្តុះបណ្តាល", "Training"),
    ],
    "learning-by-doing": [("វគ្គបណ្តុះបណ្តាលអនុវត្តផ្ទាល់", "Hands-on training")],
    "potential": [("កិច្ចប្រជុំកំណត់សក្តានុពល", "Meeting to map strengths")],
    "synergies": [("កិច្ចប្រជុំសម្របសម្រួលការរួមកម្លាំង", "Coordination meeting")],
    "reflection": [("ការឆ្លុះបញ្ចាំង និងការពិភាក្សា", "Reflection and discussion")],
    "visit": [("ទស្សនកិច្ចសិក្សា", "Study visit")],
    "knowledge-mapping": [("ការគូសផែនទីចំណេះដឹង", "Knowledge mapping")],
    "joint-study": [("ការសិក្សារួមគ្នា", "Joint study")],
    "innovative-approach": [("ការសាកល្បងវិធីសាស្ត្រថ្មី", "Pilot of a new approach")],
    "inviting-actors": [
        ("វេទិកាសាធារណៈ", "Public forum"),
        ("កិច្ចប្រជុំពិគ្រោះយោបល់ជាមួយអាជ្ញាធរ", "Consultation with the authorities"),
    ],
}
GENERAL_EVENT_KINDS = [("កិច្ចប្រជុំ", "Meeting"), ("សិក្ខាសាលា", "Workshop")]

AUDIENCES = [
    (" ជាមួយអាជ្ញាធរឃុំ", " with commune authorities"),
    (" ជាមួយមេដឹកនាំសហគមន៍", " with community leaders"),
    (" ជាមួយយុវជន", " with young people"),
    (" ជាមួយក្រុមស្ត្រី", " with women's groups"),
    (" ជាមួយមន្ទីរសុខាភិបាលខេត្ត", " with the provincial health department"),
    (" ជាមួយគ្រូបង្រៀន", " with teachers"),
    (" ជាមួយអ្នកសារព័ត៌មាន", " with journalists"),
    (" ជាមួយអង្គការដៃគូ", " with partner organisations"),
    ("", ""),
    ("", ""),
]

VENUES = [
    "សាលាឃុំ",
    "មជ្ឈមណ្ឌលសហគមន៍",
    "ការិយាល័យអង្គការ",
    "សាលប្រជុំមន្ទីរកិច្ចការនារី",
    "សាលាឆាន់វត្ត",
    "សាលារៀនបឋមសិក្សា",
    "សណ្ឋាគារ",
]
ONLINE_VENUES = ["Zoom", "Google Meet", "Telegram"]

DONE_SENTENCES = [
    (
        "អ្នកចូលរួមបានពិភាក្សាអំពី{km} ហើយបានចែករំលែកបទពិសោធន៍ពីសហគមន៍របស់ខ្លួន។",
        "Participants discussed {en} and shared experience from their own communities.",
    ),
    (
        "អង្គការដៃគូបានបង្ហាញការអនុវត្តល្អ និងបញ្ហាប្រឈមដែលពួកគេជួបប្រទះ។",
        "Partner organisations presented good practices and the challenges they face.",
    ),
    (
        "ក្រុមការងារបានចុះជួបប្រជាជននៅតាមភូមិ ដើម្បីស្តាប់តម្រូវការរបស់ពួកគេ។",
        "The team met people in the villages to listen to their needs.",
    ),
    (
        "វាគ្មិនមកពីមន្ទីរពាក់ព័ន្ធបានពន្យល់អំពីច្បាប់ និងគោលនយោបាយថ្មីៗ។",
        "Speakers from the provincial departments explained recent laws and policies.",
    ),
    (
        "យុវជន និងស្ត្រីបានដឹកនាំការពិភាក្សាជាក្រុមតូចៗ។",
        "Young people and women led the discussions in small groups.",
    ),
    (
        "សកម្មភាពនេះធ្វើឡើងជាភាសាខ្មែរ ដោយមានអ្នកបកប្រែភាសាសញ្ញា។",
        "The activity was held in Khmer, with a sign-language interpreter.",
    ),
]
PLANNED_SENTENCES = [
    (
        "អ្នកចូលរួមនឹងពិភាក្សាអំពី{km} និងចែករំលែកបទពិសោធន៍ពីសហគមន៍របស់ខ្លួន។",
        "Participants will discuss {en} and share experience from their own communities.",
    ),
    (
        "អង្គការដៃគូនឹងបង្ហាញការអនុវត្តល្អ និងបញ្ហាប្រឈមរបស់ខ្លួន។",
        "Partner organisations will present their good practices and challenges.",
    ),
    (
        "យើងនឹងអញ្ជើញតំណាងអាជ្ញាធរមូលដ្ឋានឱ្យចូលរួម។",
        "We will invite representatives of the local authorities.",
    ),
]
OUTCOMES = [
    ("អ្នកចូលរួមយល់ដឹងកាន់តែច្បាស់អំពី{km}។", "Participants understand {en} better."),
    ("ផែនការសកម្មភាពរួមសម្រាប់ត្រីមាសបន្ទាប់។", "A joint action plan for the next quarter."),
    (
        "សំណូមពររបស់សហគមន៍ត្រូវបានបញ្ជូនទៅអាជ្ញាធរឃុំ។",
        "The community's requests are passed on to the commune authorities.",
    ),
    ("ឯកសារណែនាំខ្លីមួយស្តីពី{km} ជាភាសាខ្មែរ និងអង់គ្លេស។", "A short guide on {en}, in Khmer and English."),
    (
        "អង្គការដៃគូយល់ព្រមធ្វើការរួមគ្នាលើគម្រោងបន្ទាប់។",
        "Partner organisations agree to work together on the next project.",
    ),
    ("សមាជិកថ្មីចូលរួមក្នុងសហគមន៍អនុវត្តន៍។", "New members join the community of practice."),
]
EXPECTED = ("លទ្ធផលរំពឹងទុក៖ ", "Expected: ")
NO_OUTCOMES = ("គ្មានលទ្ធផលទេ ព្រោះសកម្មភាពត្រូវបានលុបចោល។", "None: the activity was cancelled.")
LESSONS = [
    (
        "ការរៀបចំទុកជាមុនជាមួយអាជ្ញាធរមូលដ្ឋាន ធ្វើឱ្យសកម្មភាពដំណើរការបានរលូន។",
        "Preparing early with the local authorities made the activity run smoothly.",
    ),
    ("ការពិភាក្សាជាក្រុមត្រូវការពេលវេលាបន្ថែមទៀត។", "Group discussions need more time."),
    ("ឧទាហរណ៍ជាក់ស្តែងជួយឱ្យអ្នកចូលរួមយល់បានលឿន។", "Real examples help participants understand quickly."),
    (
        "ទីកន្លែងប្រជុំត្រូវតែងាយស្រួលចូលសម្រាប់ជនមានពិការភាព។",
        "The venue must be accessible to people with disabilities.",
    ),
    (
        "ការចែកឯកសារជាភាសាខ្មែរមុនពេលប្រជុំ ជួយបង្កើនការចូលរួម។",
        "Sending documents in Khmer before the meeting increases participation.",
    ),
    (
        "ការឱ្យយុវជនចូលរួមរៀបចំ នាំមកនូវគំនិតថ្មីៗ។",
        "Involving young people in the preparation brings new ideas.",
    ),
]
NOT_YET = ("មិនទាន់មានទេ ព្រោះសកម្មភាពមិនទាន់បានធ្វើ។", "None yet: the activity has not taken place.")
CANCELLATIONS = [
    (
        "សកម្មភាពត្រូវបានលុបចោល ដោយសារទឹកជំនន់។ លើកក្រោយ ត្រូវមានផែនការបម្រុង។",
        "Cancelled because of flooding. Next time, have a back-up plan.",
    ),
    (
        "សកម្មភាពត្រូវបានលុបចោល ដោយសារអ្នកចូលរួមភាគច្រើនជាប់រដូវច្រូតកាត់។"
        " ត្រូវជ្រើសរើសកាលបរិច្ឆេទដោយពិគ្រោះជាមួយសហគមន៍។",
        "Cancelled because most participants were busy with the harvest."
        " Choose the date with the community.",
    ),
    (
        "សកម្មភាពត្រូវបានលុបចោល ដោយសារថវិកាមកដល់យឺត។ ត្រូវស្នើសុំថវិកាឱ្យបានមុន។",
        "Cancelled because the funds arrived late. Request funds earlier.",
    ),
]
FOLLOW_UPS = [
    "ជួបគ្នាម្តងទៀតក្នុងខែក្រោយ ដើម្បីពិនិត្យវឌ្ឍនភាព។",
    "ចែករំលែករបាយការណ៍ជាមួយសមាជិកទាំងអស់។",
    "ផ្ញើអនុសាសន៍ទៅមន្ទីរពាក់ព័ន្ធ។",
    "",
]
OBJECTIVES = [
    ("ចងក្រងឯកសារការអនុវត្តល្អស្តីពី{km}", "Document good practices in {en}"),
    ("បណ្តុះបណ្តាលសមាជិកថ្មីអំពី{km}", "Train new members in {en}"),
    (
        "ដាក់អនុសាសន៍ស្តីពី{km}ជូនអាជ្ញាធរខេត្ត",
        "Submit recommendations on {en} to the provincial authorities",
    ),
    (
        "រៀបចំទស្សនកិច្ចផ្លាស់ប្តូរបទពិសោធន៍ជាមួយសហគមន៍ផ្សេងទៀត",
        "Organise exchange visits with other communities",
    ),
    ("បង្កើតបណ្តាញអ្នកស្ម័គ្រចិត្តយុវជន", "Build a network of young volunteers"),
    ("ផលិតវីដេអូខ្លីៗជាភាសាខ្មែរអំពី{km}", "Produce short videos in Khmer on {en}"),
]
OBJECTIVE_DESCRIPTION = (
    "គោលបំណងនេះគាំទ្រគោលដៅរបស់សហគមន៍ ហើយត្រូវបានពិនិត្យរៀងរាល់ត្រីមាស។",
    "This objective serves the community's goal and is reviewed every quarter.",
)
