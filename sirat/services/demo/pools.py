"""Word pools for the synthetic demo data: names per country in their own scripts (with the
usual Latin spellings as aliases), places, agencies, operations, companies, makes and report
phrasing per crime area. Invented combinations; any likeness to real people is chance."""

from __future__ import annotations

from typing import Final

MEMBER_STATES: Final = ("AL", "BA", "BG", "GR", "HU", "MD", "ME", "MK", "RO", "RS", "TR")

#: (given names, surnames) per country; each entry "original|latin alias" or just "latin".
NAMES: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "RS": (("Ђорђе|Đorđe", "Милош|Miloš", "Никола|Nikola", "Јелена|Jelena", "Драган|Dragan",
            "Небојша|Nebojša", "Марија|Marija", "Зоран|Zoran", "Ђурађ|Đurađ"),
           ("Јовановић|Jovanović", "Петровић|Petrović", "Николић|Nikolić", "Ђорђевић|Đorđević",
            "Станковић|Stanković", "Марковић|Marković", "Илић|Ilić", "Ђукић|Đukić")),
    "BG": (("Иван|Ivan", "Георги|Georgi", "Димитър|Dimitar", "Христо|Hristo",
            "Мария|Maria", "Стоян|Stoyan", "Цветелина|Tsvetelina"),
           ("Петров|Petrov", "Георгиев|Georgiev", "Димитров|Dimitrov", "Стоянов|Stoyanov",
            "Тодоров|Todorov", "Христов|Hristov", "Цанков|Tsankov")),
    "MK": (("Горан|Goran", "Александар|Aleksandar", "Ѓорѓи|Gjorgji", "Билјана|Biljana",
            "Зоран|Zoran"),
           ("Трајковски|Trajkovski", "Стојановски|Stojanovski", "Николовски|Nikolovski",
            "Ѓорѓиевски|Gjorgjievski")),
    "GR": (("Γιώργος|Giorgos", "Νίκος|Nikos", "Δημήτρης|Dimitris", "Κωνσταντίνος|Konstantinos",
            "Μαρία|Maria", "Ελένη|Eleni", "Σπύρος|Spyros"),
           ("Παπαδόπουλος|Papadopoulos", "Οικονόμου|Oikonomou", "Γεωργίου|Georgiou",
            "Νικολάου|Nikolaou", "Βασιλείου|Vasileiou", "Καραγιάννης|Karagiannis")),
    "RO": (("Ștefan|Stefan", "Mihai", "Andrei", "Ioana", "Cristina", "Răzvan|Razvan",
            "Țuțu|Tutu", "Gheorghe"),
           ("Popescu", "Ionescu", "Țurcanu|Turcanu", "Munteanu", "Știrbu|Stirbu",
            "Dumitrașcu|Dumitrascu", "Vâlcu|Valcu")),
    "MD": (("Ion|Ион", "Vasile|Василе", "Natalia|Наталья", "Sergiu|Сергей", "Ștefan|Штефан"),
           ("Rusu|Русу", "Ceban|Чебан", "Țurcanu|Цуркану", "Lungu|Лунгу", "Cojocaru|Кожокару")),
    "TR": (("Şükrü|Sukru", "Ahmet", "Mehmet", "Ayşe|Ayse", "Gökhan|Gokhan", "Çağrı|Cagri",
            "İsmail|Ismail", "Hüseyin|Huseyin"),
           ("Yılmaz|Yilmaz", "Kaya", "Demir", "Şahin|Sahin", "Çelik|Celik", "Öztürk|Ozturk",
            "Doğan|Dogan", "Aydın|Aydin")),
    "AL": (("Arbër|Arber", "Besnik", "Dritan", "Elona", "Gëzim|Gezim", "Ermal", "Klodiana"),
           ("Hoxha", "Krasniqi", "Berisha", "Çela|Cela", "Dervishi", "Lleshi", "Shehu")),
    "HU": (("László|Laszlo", "Gergő|Gergo", "Zsolt", "Ildikó|Ildiko", "Bence", "Ödön|Odon"),
           ("Kovács|Kovacs", "Szabó|Szabo", "Tóth|Toth", "Horváth|Horvath", "Győri|Gyori",
            "Kőrösi|Korosi", "Nagy")),
    "BA": (("Emir", "Haris", "Amra", "Dženan|Dzenan", "Мирко|Mirko", "Ђорђе|Đorđe"),
           ("Hodžić|Hodzic", "Begić|Begic", "Mehmedović|Mehmedovic", "Делић|Delić",
            "Савић|Savić")),
    "ME": (("Đuro|Djuro", "Vuk", "Milica", "Vesna", "Šćepan|Scepan"),
           ("Vujović|Vujovic", "Radulović|Radulovic", "Popović|Popovic", "Šćekić|Scekic",
            "Đurović|Djurovic")),
}
NICKNAMES: Final = ("Djole", "Gogo", "Beli", "Doktor", "Kapitan", "Sultan", "Lale", "Tiki",
                    "Šefe", "Малкия", "Ο Κοντός")

CITIES: Final[dict[str, tuple[str, ...]]] = {
    "AL": ("Tiranë", "Durrës", "Vlorë", "Shkodër"),
    "BA": ("Sarajevo", "Banja Luka", "Tuzla", "Mostar"),
    "BG": ("Sofia", "Varna", "Burgas", "Ruse", "Vidin", "Plovdiv"),
    "GR": ("Θεσσαλονίκη", "Αθήνα", "Πειραιάς", "Αλεξανδρούπολη", "Πάτρα"),
    "HU": ("Budapest", "Szeged", "Győr", "Debrecen"),
    "MD": ("Chișinău", "Bălți", "Ungheni", "Cahul"),
    "ME": ("Podgorica", "Bar", "Budva", "Nikšić"),
    "MK": ("Skopje", "Bitola", "Kumanovo", "Gevgelija"),
    "RO": ("București", "Constanța", "Iași", "Timișoara", "Giurgiu", "Galați"),
    "RS": ("Beograd", "Novi Sad", "Niš", "Subotica", "Šabac"),
    "TR": ("İstanbul", "İzmir", "Edirne", "Mersin", "Ankara"),
}
STREETS: Final[dict[str, tuple[str, ...]]] = {
    "AL": ("Rruga e Kavajës", "Rruga Myslym Shyri"), "BA": ("Ulica Maršala Tita", "Ferhadija"),
    "BG": ("ул. Васил Левски", "бул. Христо Ботев"), "GR": ("Οδός Εγνατίας", "Λεωφόρος Νίκης"),
    "HU": ("Rákóczi út", "Kossuth Lajos utca"), "MD": ("Strada Ștefan cel Mare", "Strada Pușkin"),
    "ME": ("Njegoševa", "Bulevar Svetog Petra Cetinjskog"), "MK": ("ул. Македонија", "Партизанска"),
    "RO": ("Bulevardul Tomis", "Strada Portului", "Calea Victoriei"),
    "RS": ("Кнез Михаилова", "Булевар ослобођења", "Bulevar kralja Aleksandra"),
    "TR": ("Atatürk Caddesi", "İstiklal Caddesi", "Gazi Bulvarı"),
}
CROSSINGS: Final = (
    "Kapitan Andreevo–Kapıkule", "Vidin–Calafat bridge", "Giurgiu–Ruse bridge",
    "Kulata–Promachonas", "Gevgelija–Evzoni", "Horgoš–Röszke", "Batrovci–Bajakovo",
    "Sculeni", "Leușeni–Albița", "Kakavijë", "Qafë Thanë", "Debeli Brijeg", "Kipoi–İpsala",
)
PORTS: Final = (
    "Port of Constanța", "Port of Piraeus", "Port of Thessaloniki", "Port of Durrës",
    "Port of Bar", "Port of Varna", "Port of Burgas", "Port of Mersin", "Ambarlı port",
    "Giurgiulești port", "Port of Galați",
)
AGENCIES: Final[dict[str, tuple[str, ...]]] = {
    "AL": ("Albanian State Police", "General Directorate of Customs"),
    "BA": ("State Investigation and Protection Agency", "Indirect Taxation Authority"),
    "BG": ("Border Police", "National Customs Agency", "GDBOP"),
    "GR": ("Hellenic Police", "Hellenic Coast Guard", "Independent Authority for Public Revenue"),
    "HU": ("Hungarian Police", "National Tax and Customs Administration"),
    "MD": ("General Police Inspectorate", "Customs Service"),
    "ME": ("Police Directorate", "Customs Administration"),
    "MK": ("Ministry of Interior", "Customs Administration"),
    "RO": ("Romanian Border Police", "General Inspectorate of Romanian Police", "DIICOT"),
    "RS": ("Ministry of Interior", "Customs Administration", "Border Police"),
    "TR": ("Turkish National Police", "Gendarmerie", "Coast Guard Command", "Customs Enforcement"),
}
OPERATIONS: Final = (
    "OP DANUBE SHIELD", "OP AEGEAN NET", "JIT BLUE CORRIDOR", "TF ELEKTRA", "OP BLACK SEA",
    "OP SILK ROUTE", "TF CONTAINER WATCH", "OP GREEN PASSAGE", "OP AUTO RETURN", "",
)
VEHICLES: Final = (
    ("WVW", "Volkswagen", ("Golf", "Passat", "Tiguan")), ("TMB", "Škoda", ("Octavia", "Superb")),
    ("UU1", "Dacia", ("Logan", "Duster")), ("VF1", "Renault", ("Clio", "Master")),
    ("WDD", "Mercedes-Benz", ("E 220", "Sprinter")), ("WBA", "BMW", ("X5", "530d")),
    ("WAU", "Audi", ("A6", "Q7")), ("WF0", "Ford", ("Transit", "Focus")),
    ("ZFA", "Fiat", ("Ducato", "Doblò")), ("KMH", "Hyundai", ("Tucson", "i30")),
    ("WMA", "MAN", ("TGX 18.480",)), ("YS2", "Scania", ("R 450",)),
    ("NMT", "Toyota", ("C-HR", "Corolla")), ("VSS", "SEAT", ("Leon",)),
)
COLOURS: Final = ("black", "white", "silver", "grey", "dark blue", "red", "green")
VESSEL_NAMES: Final = (
    "Deniz Yıldızı", "Μαρία Π.", "Aegean Star", "Captain Nikola", "Черно море", "Dunărea",
    "Kapitan Petrov", "Sea Falcon", "Akdeniz", "Ionian Spirit", "Vasiliki", "Balkan Trader",
)
#: Flag state, MIDs, call-sign prefix.
FLAGS: Final = (
    ("BG", 207, "LZ"), ("GR", 237, "SV"), ("GR", 240, "SX"), ("RO", 264, "YQ"),
    ("TR", 271, "TC"), ("ME", 262, "4O"), ("AL", 201, "ZA"), ("MD", 214, "ER"),
    ("MT", 248, "9H"), ("PA", 352, "3E"), ("CM", 613, "TJ"), ("TG", 671, "5V"),
    ("SL", 667, "9L"), ("KM", 616, "D6"),
)
VESSEL_TYPES: Final = ("general cargo", "container ship", "bulk carrier", "tanker",
                       "fishing vessel", "yacht", "ro-ro", "tug")
COMPANIES: Final[dict[str, tuple[str, ...]]] = {
    "TR": ("Şükrü Lojistik A.Ş.", "Anadolu Nakliyat Ltd. Şti.", "Ege Denizcilik A.Ş."),
    "RS": ("Dunav Trans d.o.o.", "Балкан Шпед д.о.о.", "Srem Logistika d.o.o."),
    "BG": ("Тракия Логистик ООД", "Varna Shipping EOOD", "Черноморие Транс ЕООД"),
    "GR": ("Εμπορική Αιγαίου Α.Ε.", "Ionian Freight S.A.", "Θερμαϊκός Ναυτιλιακή Ε.Π.Ε."),
    "RO": ("Balkan Cargo SRL", "Constanța Port Services SA", "Transilvania Auto Export SRL"),
    "AL": ("Adriatik Trade sh.p.k.", "Durrës Logistic sh.p.k."),
    "MD": ("Prut Agro SRL", "Nistru Trans SRL"), "HU": ("Tisza Fuvar Kft.", "Pannon Trade Kft."),
    "ME": ("Bokeška Plovidba d.o.o.",), "MK": ("Вардар Експрес ДООЕЛ",),
    "BA": ("Neretva Trgovina d.o.o.",),
}
ORG_TYPES: Final = ("limited company", "joint-stock company", "freight forwarder",
                    "shipping agent", "exchange office", "NGO")
SERVICES: Final = ("Telegram", "WhatsApp", "Signal", "Instagram", "Facebook", "Viber")
BANKS: Final[dict[str, str]] = {
    "AL": "Banka Kombëtare Tregtare", "BA": "UniCredit Bank d.d.", "BG": "Банка ДСК",
    "GR": "Τράπεζα Πειραιώς", "HU": "OTP Bank", "MD": "Moldindconbank", "ME": "CKB",
    "MK": "Комерцијална банка", "RO": "Banca Transilvania", "RS": "Banca Intesa Beograd",
    "TR": "Türkiye İş Bankası",
}

#: Per crime area: title patterns, narrative sentences, keywords, typical roles.
AREAS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "thb_ms": {
        "titles": ("Migrant smuggling network using {place}", "Group of {n} migrants found near "
                   "{place}", "Suspected exploitation of workers in {city}"),
        "lines": ("{n} persons were found hidden in a lorry at {place}.",
                  "The facilitators charged between 3,000 and 6,000 EUR per person.",
                  "Victims reported that their documents were taken by the organisers.",
                  "Payments were collected through money transfer offices in {city}."),
        "keywords": ("migrant smuggling", "facilitation", "lorry", "exploitation", "safe house"),
    },
    "drugs": {
        "titles": ("Cocaine in banana containers via {port}", "Cannabis shipment seized at "
                   "{place}", "Heroin courier route through {place}"),
        "lines": ("{n} kg of cocaine were concealed among fruit boxes in a container.",
                  "The consignment was declared as frozen fish and arrived at {port}.",
                  "Couriers travel by car with concealments built into the fuel tank.",
                  "The group uses encrypted messaging to arrange handovers in {city}."),
        "keywords": ("cocaine", "cannabis", "heroin", "concealment", "courier", "container"),
    },
    "anti_fraud": {
        "titles": ("Undeclared cigarettes on trucks crossing {place}", "False declaration of "
                   "excise goods at {port}", "Fuel smuggling scheme near {place}"),
        "lines": ("{n} million cigarettes without excise stamps were found behind a cover load.",
                  "The invoices declared furniture parts; the cargo was cigarettes.",
                  "The same consignee appears in earlier seizures at {place}.",
                  "Excise duty evaded is estimated at {n}00,000 EUR."),
        "keywords": ("cigarettes", "excise", "false declaration", "customs fraud", "fuel"),
    },
    "stolen_vehicles": {
        "titles": ("Stolen SUVs exported through {place}", "Vehicle with altered VIN checked "
                   "at {place}", "Rental cars re-registered in {country}"),
        "lines": ("The vehicle was reported stolen {n} weeks before the check.",
                  "The VIN plate shows signs of tampering; the stamped VIN differs.",
                  "Cars are driven across {place} within hours of the theft.",
                  "Forged registration documents were presented at the border."),
        "keywords": ("stolen vehicle", "VIN tampering", "forged documents", "re-registration"),
    },
    "financial_cyber": {
        "titles": ("Phishing proceeds laundered via accounts in {country}", "Investment fraud "
                   "call centre in {city}", "Ransomware payments traced to exchange in {city}"),
        "lines": ("Victims transferred a total of {n}0,000 EUR to the accounts listed below.",
                  "Money mules withdrew the funds in cash within two days.",
                  "The call centre operated from rented offices in {city}.",
                  "Cryptocurrency was exchanged for cash at an exchange office."),
        "keywords": ("phishing", "money mule", "investment fraud", "ransomware", "laundering"),
    },
    "container_security": {
        "titles": ("High-risk container transshipped at {port}", "Container seal tampering at "
                   "{port}", "Misdeclared container from South America at {port}"),
        "lines": ("The container was transshipped twice before arriving at {port}.",
                  "The original seal was replaced; the new seal number is not on the manifest.",
                  "Scanner images show anomalies in the rear third of the load.",
                  "The consignee company was registered {n} months ago."),
        "keywords": ("container", "seal", "transshipment", "manifest", "scanner"),
    },
    "environment": {
        "titles": ("Illegal waste shipment through {place}", "Protected birds smuggled via "
                   "{place}", "Illegal logging timber exported from {city}"),
        "lines": ("{n} tonnes of waste were declared as secondary raw material.",
                  "Live birds of protected species were hidden in boxes in the boot.",
                  "CITES permits presented at the border were forged.",
                  "The timber originates from a protected area near {city}."),
        "keywords": ("waste", "CITES", "wildlife", "timber", "environment"),
    },
    "counter_terrorism": {
        "titles": ("Travel of a person of interest through {place}", "Suspicious financing "
                   "linked to {city}", "Weapons parts ordered online, shipped to {city}"),
        "lines": ("The person travelled by bus and crossed at {place}.",
                  "Small transfers were sent to several recipients in {city}.",
                  "The parcels were declared as machine parts.",
                  "The online account posted propaganda material in {n} groups."),
        "keywords": ("foreign fighter", "financing", "firearms", "propaganda", "travel"),
    },
}
COMMENTS: Final = (
    "Consistent with earlier reporting on the same route.",
    "The source has reported reliably on this group before.",
    "Links to the vessel need confirmation by the flag state.",
    "Recommend checks against national databases of the member states concerned.",
    "",
)
H3_TEXTS: Final = ("Not to be shared with private partners.",
                   "Only for the joint investigation team.",
                   "Do not contact the persons mentioned before the provider agrees.")
RETURN_COMMENTS: Final = ("Please add the source grading rationale.",
                          "The narrative mixes the analyst comment with the reported facts.",
                          "Add the vessel's IMO number if known.")
