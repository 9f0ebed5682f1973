"""Word lists for the bench's fallback generator: names of the region in their own scripts
(Latin, Cyrillic, Greek), companies, places and report vocabulary. Synthetic: any
resemblance to a real person is a coincidence of common names."""

from __future__ import annotations

from typing import Final

# (language, country, given names, surnames). Surnames are given in the male form.
PEOPLE: Final = (
    ("bg", "BG",
     ("Иван", "Георги", "Димитър", "Николай", "Петър", "Стоян", "Христо", "Мария", "Елена",
      "Цветелина", "Щерьо", "Ясен"),
     ("Петров", "Иванов", "Георгиев", "Димитров", "Стоянов", "Николов", "Христов", "Тодоров",
      "Щерев", "Ъглев", "Радев", "Колев")),
    ("sr", "RS",
     ("Ђорђе", "Милош", "Немања", "Душан", "Јован", "Марко", "Љубица", "Јелена", "Ненад",
      "Жељко", "Драган", "Милица"),
     ("Јовановић", "Петровић", "Николић", "Ђорђевић", "Стојановић", "Марковић", "Илић",
      "Павловић", "Живковић", "Митровић", "Лукић", "Ћосић")),
    ("mk", "MK",
     ("Ѓорѓи", "Методија", "Кирил", "Ќемал", "Благоја", "Зоран", "Горан", "Весна", "Ана",
      "Марија", "Џемаил", "Трајче"),
     ("Трајковски", "Стојановски", "Николовски", "Ѓорѓиевски", "Јовановски", "Петровски",
      "Ристовски", "Ќосев", "Димовски", "Џонов", "Стефановски", "Илиевски")),
    ("el", "GR",
     ("Γιώργος", "Δημήτρης", "Νίκος", "Κώστας", "Γιάννης", "Παναγιώτης", "Χρήστος", "Μαρία",
      "Ελένη", "Αικατερίνη", "Θεόδωρος", "Σπύρος"),
     ("Παπαδόπουλος", "Παπαδάκης", "Γεωργίου", "Οικονόμου", "Νικολάου", "Βλάχος",
      "Κωνσταντίνου", "Αντωνίου", "Μακρής", "Ιωάννου", "Καραγιάννης", "Δημητρίου")),
    ("ro", "RO",
     ("Ion", "Andrei", "Mihai", "Ștefan", "Gheorghe", "Vasile", "Ioana", "Elena", "Cristina",
      "Constantin", "Florin", "Adrian"),
     ("Popescu", "Ionescu", "Țăranu", "Ștefănescu", "Dumitrescu", "Stan", "Munteanu",
      "Constantinescu", "Moldovan", "Șerban", "Lungu", "Dinu")),
    ("tr", "TR",
     ("Şükrü", "Mehmet", "Ahmet", "Mustafa", "İsmail", "Hüseyin", "Ayşe", "Fatma", "Emine",
      "Çağlar", "Oğuz", "Gökhan"),
     ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Doğan",
      "Kılıç", "Aslan", "Güneş")),
    ("sq", "AL",
     ("Arben", "Besnik", "Dritan", "Ermal", "Gëzim", "Ilir", "Blerina", "Mimoza", "Fatos",
      "Ardit", "Klodian", "Erjona"),
     ("Hoxha", "Shehu", "Dervishi", "Krasniqi", "Gashi", "Berisha", "Çela", "Leka", "Kola",
      "Muça", "Xhafa", "Zeqiri")),
    ("hu", "HU",
     ("László", "István", "József", "Gábor", "Zoltán", "Péter", "Katalin", "Erzsébet",
      "Zsófia", "Ádám", "Balázs", "Csaba"),
     ("Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár", "Németh",
      "Farkas", "Balogh", "Papp")),
    ("hr", "ME",
     ("Đorđe", "Milan", "Nikola", "Vuk", "Luka", "Ivana", "Maja", "Snežana", "Željko", "Goran",
      "Bojan", "Dragana"),
     ("Vuković", "Đukanović", "Popović", "Radović", "Perović", "Kovačević", "Božović",
      "Šćepanović", "Marković", "Knežević", "Lazović", "Vujošević")),
)

COMPANY_WORDS: Final = (
    "Balkan", "Trans", "Logistics", "Danube", "Aegean", "Euro", "Star", "Global", "Adriatic",
    "Black Sea", "Trade", "Cargo", "Express", "Invest", "Holding", "Shipping", "Petrol",
    "Tobacco", "Import", "Export", "Marine", "Auto", "Agro", "Consult",
)
COMPANY_FORMS: Final = ("Ltd", "EOOD", "DOO", "SRL", "A.E.", "Kft.", "A.Ş.", "SH.P.K.", "DOOEL")
CITIES: Final = (
    ("Sofia", "BG"), ("Plovdiv", "BG"), ("Varna", "BG"), ("Burgas", "BG"), ("Beograd", "RS"),
    ("Novi Sad", "RS"), ("Niš", "RS"), ("Skopje", "MK"), ("Bitola", "MK"), ("Athina", "GR"),
    ("Thessaloniki", "GR"), ("Piraeus", "GR"), ("București", "RO"), ("Constanța", "RO"),
    ("Timișoara", "RO"), ("İstanbul", "TR"), ("Edirne", "TR"), ("İzmir", "TR"),
    ("Tiranë", "AL"), ("Durrës", "AL"), ("Budapest", "HU"), ("Szeged", "HU"),
    ("Podgorica", "ME"), ("Bar", "ME"), ("Chișinău", "MD"), ("Sarajevo", "BA"),
)
STREETS: Final = (
    "Vitosha", "Rakovski", "Knez Mihailova", "Makedonija", "Egnatia", "Ermou", "Calea Victoriei",
    "İstiklal", "Rruga e Durrësit", "Andrássy", "Njegoševa", "Ferhadija", "Ştefan cel Mare",
)
MAKES: Final = (
    ("Volkswagen", "WVW"), ("Mercedes-Benz", "WDB"), ("BMW", "WBA"), ("Renault", "VF1"),
    ("Dacia", "UU1"), ("Ford", "WF0"), ("Toyota", "JTD"), ("Škoda", "TMB"), ("Audi", "WAU"),
    ("Iveco", "ZCF"), ("Scania", "YS2"), ("Volvo", "YV1"),
)
COLOURS: Final = ("white", "black", "silver", "grey", "blue", "red", "green")
VESSEL_WORDS: Final = ("Aegean", "Star", "Sea", "Wind", "Queen", "Pearl", "Danube", "Hope",
                       "Spirit", "Fortune", "Mare", "Nova", "Vega", "Delfin")
SERVICES: Final = ("Telegram", "WhatsApp", "Signal", "Facebook", "Instagram", "Viber")

# Report vocabulary: sentences are assembled from these, with entity names spliced in.
SUBJECTS: Final = (
    "The suspect", "A lorry", "The driver", "The company", "A courier", "The vessel",
    "An associate", "The organiser", "Two individuals", "The facilitator",
)
VERBS: Final = (
    "transported", "declared", "concealed", "transferred", "crossed", "registered",
    "contacted", "met", "financed", "recruited", "loaded", "unloaded", "smuggled",
)
OBJECTS: Final = (
    "cigarettes", "excise goods", "cocaine", "heroin", "cannabis", "migrants", "cash",
    "stolen vehicles", "counterfeit documents", "fuel", "protected timber", "waste",
    "firearms", "containers", "synthetic drugs", "undeclared goods", "cryptocurrency",
)
CIRCUMSTANCES: Final = (
    "at the border crossing", "through the port", "via a shell company", "during the night",
    "using forged invoices", "hidden in a false floor", "under a fictitious declaration",
    "through several bank accounts", "with the help of a customs officer", "by sea",
    "on the motorway", "in a rented warehouse", "using encrypted phones",
)
TITLES: Final = (
    "Smuggling route", "Container seizure", "Money laundering network", "Stolen vehicles",
    "Migrant smuggling", "Fuel fraud", "Cigarette smuggling", "Drug shipment", "Cyber fraud",
    "Environmental crime", "Document fraud", "Trafficking in human beings",
)
KEYWORDS: Final = (
    "cigarettes", "cocaine", "container", "port", "border", "lorry", "vessel", "invoice",
    "cash", "iban", "telegram", "warehouse", "passport", "plate", "excise", "fuel",
)
