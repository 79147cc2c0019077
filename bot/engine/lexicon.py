"""Word lists the rules rely on: speech verbs, titles, places, demonyms, organizations.

General knowledge of news English, not of any one article.
"""

from __future__ import annotations

SPEECH_VERBS = frozenset(
    ["said", "says", "say", "told", "tells", "tell", "wrote", "writes", "write", "declared", "declares", "declare", "stated", "states", "state", "added", "adds", "add", "warned", "warns", "warn", "urged", "urges", "urge", "insisted", "insists", "insist", "announced", "announces", "announce", "asked", "asks", "ask", "replied", "replies", "reply", "responded", "responds", "respond", "explained", "explains", "explain", "noted", "notes", "note", "argued", "argues", "argue", "claimed", "claims", "claim", "stressed", "stresses", "stress", "emphasized", "emphasised", "emphasizes", "emphasises", "remarked", "remarks", "posted", "posts", "tweeted", "tweets", "commented", "comments", "continued", "continues", "admitted", "admits", "acknowledged", "acknowledges", "conceded", "concedes", "vowed", "vows", "promised", "promises", "pledged", "pledges", "demanded", "demands", "called", "calls", "suggested", "suggests", "predicted", "predicts", "recalled", "recalls", "confirmed", "confirms", "denied", "denies", "insisted", "observed", "observes", "advised", "advises", "cautioned", "cautions", "lamented", "laments", "complained", "complains", "boasted", "boasts", "quipped", "quips", "wrote", "added", "announced", "proclaimed", "proclaims", "reiterated", "reiterates", "repeated", "repeats", "shouted", "shouts", "told",
     "concluded", "concludes", "floated", "floats", "alleged", "alleges", "asserted", "asserts",
     "assured", "assures", "countered", "counters", "retorted", "retorts", "clarified", "clarifies",
     "signalled", "signaled", "joked", "jokes", "recounted", "recounts", "elaborated", "underlined",
     "underscored", "highlighted", "summarized", "summarised", "answered", "answers"]
)
# The same verbs as a participle after the main clause: "Macron floated the idea, saying that …".
SPEECH_PARTICIPLES = frozenset(
    ["saying", "adding", "noting", "stressing", "telling", "writing", "declaring", "warning", "explaining", "arguing", "insisting", "claiming", "stating", "emphasizing", "emphasising", "asserting", "concluding", "alleging", "recalling", "urging", "calling", "describing", "underlining", "underscoring", "highlighting", "promising", "vowing"]
)
# Verbs that introduce someone's words in a partial quotation ("he would 'appreciate' …").
REPORTING_VERBS = SPEECH_VERBS | frozenset(
    ["described", "describes", "describing", "labelled", "labeled", "labels", "branded", "brands", "dubbed", "dubs", "expressed", "expresses", "hoped", "hopes", "wants", "wanted", "offered", "offers", "proposed", "proposes", "threatened", "threatens", "accused", "accuses", "hailed", "hails", "voicing", "voiced", "voices", "insists", "praised", "praises", "criticised", "criticized", "slammed", "dismissed", "decried", "welcomed", "welcomes", "reported", "reports"]
) | SPEECH_PARTICIPLES
PRONOUNS_PERSON = frozenset({"he", "she", "him", "her"})
PRONOUNS_GROUP = frozenset({"they", "it", "them"})

# Titles that mark the following capitalized words as a person's name.
# Title words that alone make a person's role (the head noun of a role phrase).
ROLE_NOUNS = frozenset(
    """president vice-president premier chancellor minister secretary spokesman spokeswoman
    spokesperson ambassador envoy senator governor mayor king queen prince princess pope general
    admiral colonel lieutenant captain commander leader speaker chairman chairwoman chair
    director adviser advisor aide negotiator mediator diplomat sheikh emir ayatollah patriarch
    commissioner official lawmaker ceo founder judge justice""".split()
)
# Words that mark the following capitalized words as a person's name: the role nouns, their
# abbreviations, and the modifiers that build a title ("Foreign Minister", "Special Envoy").
PERSON_TITLES = ROLE_NOUNS | frozenset(
    """sen. rep. representative gov. gen. adm. col. lt. capt. sergeant sgt. mr. mrs. ms. dr.
    prof. professor dictator archbishop bishop cardinal deputy mp foreign defence defense prime
    state interior finance chief special head presidential senior former acting""".split()
)
HONORIFICS = frozenset({"mr.", "mrs.", "ms.", "dr.", "prof.", "mr", "mrs", "ms", "dr", "sir", "dame"})

DEMONYMS = {
    "ukrainian": "Ukraine", "russian": "Russia", "american": "United States", "u.s.": "United States",
    "us": "United States", "french": "France", "german": "Germany", "british": "United Kingdom",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "turkish": "Turkey", "chinese": "China",
    "polish": "Poland", "italian": "Italy", "spanish": "Spain", "israeli": "Israel",
    "palestinian": "Palestine", "iranian": "Iran", "indian": "India", "japanese": "Japan",
    "belarusian": "Belarus", "hungarian": "Hungary", "saudi": "Saudi Arabia", "qatari": "Qatar",
    "emirati": "United Arab Emirates", "swiss": "Switzerland", "dutch": "Netherlands",
    "finnish": "Finland", "swedish": "Sweden", "norwegian": "Norway", "danish": "Denmark",
    "estonian": "Estonia", "latvian": "Latvia", "lithuanian": "Lithuania", "romanian": "Romania",
    "moldovan": "Moldova", "georgian": "Georgia", "canadian": "Canada", "brazilian": "Brazil",
    "european": "Europe", "western": None, "kremlin": "Russia", "egyptian": "Egypt",
    "vatican": "Vatican City", "korean": "Korea", "australian": "Australia", "slovak": "Slovakia",
    "czech": "Czech Republic", "austrian": "Austria", "belgian": "Belgium", "greek": "Greece",
    "serbian": "Serbia", "croatian": "Croatia", "bulgarian": "Bulgaria", "kazakh": "Kazakhstan",
    "azerbaijani": "Azerbaijan", "armenian": "Armenia", "syrian": "Syria", "iraqi": "Iraq",
    "pakistani": "Pakistan", "mexican": "Mexico", "irish": "Ireland", "portuguese": "Portugal",
}

# City → country, and countries/regions: places an event can happen in.
CITIES = {
    "istanbul": "Turkey", "ankara": "Turkey", "antalya": "Turkey", "kyiv": "Ukraine",
    "kiev": "Ukraine", "kharkiv": "Ukraine", "odesa": "Ukraine", "odessa": "Ukraine",
    "lviv": "Ukraine", "dnipro": "Ukraine", "zaporizhzhia": "Ukraine", "mariupol": "Ukraine",
    "kherson": "Ukraine", "donetsk": "Ukraine", "luhansk": "Ukraine", "bakhmut": "Ukraine",
    "moscow": "Russia", "st. petersburg": "Russia", "sochi": "Russia", "kursk": "Russia",
    "minsk": "Belarus", "washington": "United States", "new york": "United States",
    "paris": "France", "berlin": "Germany", "london": "United Kingdom", "rome": "Italy",
    "vatican": "Vatican City", "geneva": "Switzerland", "bern": "Switzerland", "davos": "Switzerland",
    "brussels": "Belgium", "warsaw": "Poland", "budapest": "Hungary", "vienna": "Austria",
    "helsinki": "Finland", "stockholm": "Sweden", "oslo": "Norway", "copenhagen": "Denmark",
    "riyadh": "Saudi Arabia", "jeddah": "Saudi Arabia", "doha": "Qatar", "abu dhabi": "United Arab Emirates",
    "dubai": "United Arab Emirates", "beijing": "China", "tokyo": "Japan", "delhi": "India",
    "new delhi": "India", "jerusalem": "Israel", "tel aviv": "Israel", "cairo": "Egypt",
    "tehran": "Iran", "baku": "Azerbaijan", "yerevan": "Armenia", "tbilisi": "Georgia",
    "ottawa": "Canada", "madrid": "Spain", "lisbon": "Portugal", "athens": "Greece",
    "prague": "Czech Republic", "bratislava": "Slovakia", "bucharest": "Romania", "sofia": "Bulgaria",
    "belgrade": "Serbia", "chisinau": "Moldova", "vilnius": "Lithuania", "riga": "Latvia",
    "tallinn": "Estonia", "dublin": "Ireland", "amsterdam": "Netherlands", "the hague": "Netherlands",
    "alaska": "United States", "anchorage": "United States", "munich": "Germany", "rzeszow": "Poland",
    "crimea": "Ukraine", "belgorod": "Russia", "bryansk": "Russia", "pokrovsk": "Ukraine",
}
# Buildings and venues that stand for their city (and are read as places, like cities).
LANDMARKS = {
    "white house": "washington", "oval office": "washington", "kremlin": "moscow",
    "dolmabahce palace": "istanbul", "dolmabahçe palace": "istanbul", "ciragan palace": "istanbul",
    "çırağan palace": "istanbul", "chiragan palace": "istanbul", "mar-a-lago": "palm beach",
    "joint base elmendorf-richardson": "anchorage", "elmendorf-richardson": "anchorage",
}
CITIES.update({
    "white house": "United States", "oval office": "United States", "kremlin": "Russia",
    "dolmabahce palace": "Turkey", "dolmabahçe palace": "Turkey", "ciragan palace": "Turkey",
    "çırağan palace": "Turkey", "chiragan palace": "Turkey", "mar-a-lago": "United States",
    "joint base elmendorf-richardson": "United States", "elmendorf-richardson": "United States",
    "palm beach": "United States", "florida": "United States", "miami": "United States",
    "abu dhabi": "United Arab Emirates", "donbas": "Ukraine", "donbass": "Ukraine",
})
# Places in CITIES that are regions, not one city: compared by country only.
REGIONS = frozenset({"alaska", "crimea", "florida", "kursk", "belgorod", "bryansk", "donbas", "donbass", "donetsk", "luhansk", "kherson", "zaporizhzhia"})
COUNTRIES = frozenset(
    ["ukraine", "russia", "turkey", "türkiye", "france", "germany", "italy", "spain", "poland", "hungary", "belarus", "china", "india", "japan", "israel", "iran", "iraq", "syria", "egypt", "qatar", "switzerland", "austria", "belgium", "netherlands", "finland", "sweden", "norway", "denmark", "estonia", "latvia", "lithuania", "romania", "moldova", "georgia", "armenia", "azerbaijan", "canada", "brazil", "mexico", "greece", "serbia", "croatia", "bulgaria", "slovakia", "ireland", "portugal", "kazakhstan", "pakistan", "australia", "europe", "america", "britain", "vatican", "korea"]
) | frozenset({"united states", "united kingdom", "saudi arabia", "united arab emirates",
               "czech republic", "middle east", "north korea", "south korea", "vatican city",
               "the united states", "the united kingdom", "gaza", "the west"})

# Capitalized words that never start a person's name.
NOT_NAMES = frozenset(
    ["the", "a", "an", "this", "that", "these", "those", "in", "on", "at", "for", "with", "by", "from", "to", "of", "and", "or", "but", "as", "if", "while", "when", "after", "before", "during", "since", "until", "although", "though", "because", "however", "meanwhile", "despite", "just", "throughout", "according", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "today", "tomorrow", "yesterday", "here", "there", "it", "its", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "my", "your", "what", "who", "whom", "which", "where", "why", "how", "all", "some", "any", "each", "every", "both", "no", "not", "now", "then", "also", "more", "most", "many", "much", "such", "than", "so", "yet", "still", "even", "only", "very", "already", "again", "once", "twice", "first", "second", "third", "last", "next", "new", "other", "another", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "west", "western", "east", "eastern", "north", "northern", "south", "southern", "europe", "european", "union", "nato", "kremlin", "parliament", "government", "army", "police", "ministry", "moscow", "ukraine", "russia", "truth", "social", "media", "at-a-glance", "breaking", "update", "live", "exclusive", "analysis", "opinion"]
)
ORG_WORDS = frozenset(
    ["kremlin", "nato", "union", "council", "commission", "parliament", "congress", "senate", "ministry", "department", "agency", "office", "committee", "alliance", "organization", "organisation", "party", "army", "forces", "navy", "journal", "times", "post", "news", "press", "reuters", "bloomberg", "associated", "institute", "group", "bank", "fund", "court", "assembly", "cabinet", "government", "administration", "white", "house", "pentagon", "duma", "rada", "foundation", "center", "centre", "service", "guard"]
)
# Last words of the names of places and things, never of a person ("Baltic Sea", "Dolmabahce Palace").
THING_WORDS = frozenset(
    """sea ocean river region oblast province district palace square base airport gulf strait
    peninsula street avenue bridge island islands mountains lake canal plant station park hotel
    complex hall building tower cathedral church stadium museum university school hospital prison
    directorate staff affairs corridor pipeline treaty accords agreement plan program programme
    summit forum conference operation war easter christmas day eve declaration declarations
    statement memorandum document documents countries framework resolution charter initiative""".split()
)
ORG_ACRONYMS = frozenset({"NATO", "EU", "UN", "OSCE", "IMF", "WSJ", "BBC", "CNN", "AP", "AFP",
                         "IAEA", "ICC", "G7", "G20", "OPEC", "SBU", "FSB", "CIA", "WHO"})

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Agencies and outlets that relay words ("…, according to Reuters"): never the speaker.
NEWS_AGENCIES = frozenset(
    ["reuters", "ap", "afp", "tass", "ria", "ria novosti", "interfax", "bloomberg", "cnn", "bbc",
     "associated press", "the associated press", "anadolu", "anadolu agency", "xinhua", "ukrinform",
     "sputnik", "axios", "politico", "suspilne", "ukrainska pravda", "kyiv independent"]
)
