"""The Voice seed data (../shared/GLOSSARY-km.md, from the concept slides).

Khmer text of names is copied from the seed as it stands; English is ours. Text marked
"inferred" is not in the seed: it is a starting point that facilitators and admins edit.
"""

ACTIVITY_TYPES = [
    # (code, Khmer name, English name)
    ("problem-solving", "ការដោះស្រាយបញ្ហា", "Solving a problem"),
    ("practice-innovation", "ការច្នៃប្រឌិតការអនុវត្តរបស់យើង", "Innovation of our practices"),
    (
        "knowledge-sharing",
        "ការចែករំលែក និងកសាងចំណេះដឹង និងការចងក្រងឯកសារព័ត៌មាន",
        "Sharing and building knowledge, documentation of information",
    ),
    (
        "learning-by-doing",
        "ការស្វែងរកបទពិសោធន៍ និងការរៀនតាមរយៈការធ្វើ",
        "Looking for experience, learning by doing",
    ),
    (
        "potential",
        "ការកំណត់ និងការប្រើប្រាស់សក្តានុពល (ក្នុងក្រុម និងខាងក្រៅ ភាគីពាក់ព័ន្ធផ្សេងទៀត)",
        "Identification and use of potential (in the group and outside, other stakeholders)",
    ),
    ("synergies", "ការកំណត់ និងការសម្របសម្រួលការរួមកម្លាំង", "Identifying and coordinating synergies"),
    (
        "reflection",
        "ការរៀបចំ និងការសម្របសម្រួលការឆ្លុះបញ្ចាំង និងការពិភាក្សា",
        "Developing and facilitating reflections and discussions",
    ),
    ("visit", "ទស្សនកិច្ច", "Visits"),
    (
        "knowledge-mapping",
        "ការគូសផែនទីចំណេះដឹង និងការកំណត់ចន្លោះខ្វះខាត",
        "Knowledge mapping and gap identification",
    ),
    ("joint-study", "ការសិក្សារួមគ្នា", "Joint study"),
    (
        "innovative-approach",
        "ការរចនា ឬការសាកល្បងដំណើរការ ឬវិធីសាស្ត្រច្នៃប្រឌិតថ្មី",
        "Designing or testing an innovative process or approach",
    ),
    (
        "inviting-actors",
        "ការអញ្ជើញតួអង្គពាក់ព័ន្ធ ដើម្បីស្វែងរកដំណោះស្រាយ ឬចែករំលែកការយល់ដឹងលើបញ្ហារួម",
        "Inviting relevant actors to find solutions or share insights into a collective issue",
    ),
]

# The knowledge map's vocabulary (DESIGN.md §4: e.g. advocacy, M&E, sign language), inferred:
# admins add, rename and remove topics. (slug, Khmer, English)
KNOWLEDGE_TOPICS = [
    ("advocacy", "ការតស៊ូមតិ", "Advocacy"),
    ("monitoring-evaluation", "ការតាមដាន និងវាយតម្លៃ", "Monitoring and evaluation"),
    ("sign-language", "ភាសាសញ្ញា", "Sign language"),
    ("financial-management", "ការគ្រប់គ្រងហិរញ្ញវត្ថុ", "Financial management"),
    ("proposal-writing", "ការសរសេរសំណើគម្រោង", "Proposal writing"),
    ("social-media", "ប្រព័ន្ធផ្សព្វផ្សាយសង្គម", "Social media"),
    ("facilitation", "ការសម្របសម្រួលកិច្ចប្រជុំ", "Facilitating meetings"),
    ("counselling", "ការប្រឹក្សាយោបល់ផ្លូវចិត្ត", "Counselling"),
    ("land-rights", "សិទ្ធិលើដីធ្លី", "Land rights"),
    ("documentation", "ការចងក្រងឯកសារ", "Documentation"),
    ("data-protection", "ការការពារទិន្នន័យ", "Data protection"),
    ("photo-video", "ការថតរូប និងវីដេអូ", "Photography and video"),
]

# Inferred: the same practice and ground rules for every seeded community, to be edited.
PRACTICE = (
    "សមាជិកជួបគ្នាជាប្រចាំ ចែករំលែកអ្វីដែលមានប្រសិទ្ធភាព ធ្វើទស្សនកិច្ចគម្រោងរបស់គ្នាទៅវិញទៅមក"
    " និងសាកល្បងវិធីសាស្ត្រថ្មីៗជាមួយគ្នា។",
    "Members meet regularly, share what works, visit each other's projects and try new"
    " approaches together.",
)
CHARTER = (
    "យើងគោរពគ្នាទៅវិញទៅមក រក្សាការសម្ងាត់នូវអ្វីដែលសមាជិកចែករំលែក និងសម្រេចចិត្តរួមគ្នា។",
    "We respect each other, keep in confidence what members share, and decide together.",
)

COMMUNITIES = [
    {
        "slug": "disability",
        "target_group": "disability",
        "visibility": "public",
        # The slide has no title: the Khmer name is inferred.
        "name": ("ក្រុមជនមានពិការភាព", "People with disabilities"),
        "domain": (
            "តើអង្គការរបស់ជនមានពិការភាព អាចធ្វើឱ្យសេវា ព័ត៌មាន និងជីវិតសាធារណៈ"
            " ងាយស្រួលចូលប្រើសម្រាប់មនុស្សគ្រប់គ្នា ដោយរបៀបណា?",
            "How can organisations of people with disabilities make services, information"
            " and public life accessible to everyone?",
        ),
        "organizations": [
            ("rsdob", "RSDOB", "បាធាយ RSDOB", "RSDOB"),
            ("saori", "", "សាអូរី Saori", "Saori"),
            ("wwd-lan-khen", "", "WWD-LAN / KHEN", "WWD-LAN / KHEN"),
            ("idea", "IDEA", "IDEA", "IDEA"),
            ("rabbit-school", "", "Rabbit School", "Rabbit School"),
            ("epc", "EPC", "EPC", "EPC"),
        ],
    },
    {
        "slug": "indigenous-peoples",
        "target_group": "indigenous",
        "visibility": "public",
        "name": ("ក្រុមជនជាតិដើមភាគតិច", "Indigenous peoples"),
        "domain": (
            "តើសហគមន៍ជនជាតិដើមភាគតិច អាចថែរក្សាភាសា វប្បធម៌ និងសិទ្ធិលើដីធ្លីរបស់ខ្លួន"
            " និងធ្វើឱ្យសំឡេងរបស់ខ្លួនត្រូវបានឮ ដោយរបៀបណា?",
            "How can indigenous communities keep their languages, culture and land rights"
            " alive, and make their voices heard?",
        ),
        "organizations": [
            ("bophana-center", "", "បូជាណា Bophana Center", "Bophana Center"),
            (
                "cipl",
                "CIPL",
                "អង្គការថែរក្សាភាសាជនជាតិដើមភាគតិច CIPL",
                "Organisation for the Preservation of Indigenous Languages (CIPL)",
            ),
            ("opkc", "OPKC", "OPKC", "OPKC"),
        ],
    },
    {
        "slug": "elderly-youth",
        "target_group": "elderly_youth",
        "visibility": "public",
        "name": ("ក្រុមមនុស្សចាស់ និងយុវជន", "Elderly and youth"),
        "domain": (
            "តើមនុស្សចាស់ និងយុវជន អាចរៀនពីគ្នាទៅវិញទៅមក និងចូលរួមជាមួយគ្នាក្នុងជីវិតសហគមន៍ ដោយរបៀបណា?",
            "How can older and younger people learn from each other and take part in"
            " community life together?",
        ),
        "organizations": [
            (
                "cambodian-elderly-organisation",
                "",
                "អង្គការមនុស្សចាស់កម្ពុជា",
                "Cambodian Elderly Organisation",
            ),
            ("untangle", "", "Untangle", "Untangle"),
            ("impact-hub-phnom-penh", "", "Impact Hub Phnom Penh", "Impact Hub Phnom Penh"),
        ],
    },
    {
        "slug": "women",
        "target_group": "women",
        # People living with HIV take part: members only.
        "visibility": "members",
        "name": ("ក្រុមស្រី", "Women"),
        "domain": (
            "តើស្ត្រី រួមទាំងស្ត្រីដែលរស់នៅជាមួយមេរោគអេដស៍ អាចរួមគ្នាការពារសិទ្ធិ និងសុវត្ថិភាពរបស់ខ្លួន ដោយរបៀបណា?",
            "How can women, including women living with HIV, stand up together for their"
            " rights and their safety?",
        ),
        "organizations": [
            (
                "arv-users-association",
                "",
                "សមាគមអ្នកប្រើប្រាស់ថ្នាំពន្យាជីវិត",
                "Association of Antiretroviral (ARV) Users",
            ),
            ("women-for-peace", "", "អង្គការនារីដើម្បីសន្តិភាព", "Women for Peace"),
            ("womens-group", "", "ក្រុមនារី", "Women's Group"),
            ("theatre-of-ideas", "", "អង្គការល្ខោនគំនិត", "Theatre of Ideas"),
        ],
    },
    {
        "slug": "lgbtqi",
        "target_group": "lgbtqi",
        # Exposure is a danger for its members: members only.
        "visibility": "members",
        "name": ("ក្រុមអ្នកស្រាវជ្រាវភេទដូចគ្នា", "LGBTQI"),
        "domain": (
            "តើមនុស្ស LGBTQI អាចស្វែងរកទីកន្លែងមានសុវត្ថិភាព សេវា"
            " និងការទទួលស្គាល់ពីគ្រួសារ និងសហគមន៍របស់ខ្លួន ដោយរបៀបណា?",
            "How can LGBTQI people find safe spaces, services and acceptance in their"
            " families and communities?",
        ),
        "organizations": [
            ("same-sex-research-club", "", "ក្លឹបស្រាវជ្រាវភេទដូចគ្នា", "Same-Sex Research Club"),
            ("mhss", "MHSS", "MHSS", "MHSS"),
            ("safe-place", "", "ទីសុវត្ថិភាព", "Safe Place"),
            ("wpm", "WPM", "WPM (Gay peer-to-peer)", "WPM (Gay peer-to-peer)"),
        ],
    },
]
