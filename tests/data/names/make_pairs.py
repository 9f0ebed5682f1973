"""Writes ``pairs.json``, the labelled name set of tests/unit/names/test_names_labelled.py.

Run ``python tests/data/names/make_pairs.py`` after editing the lists below; the JSON is
committed so the test does not depend on this script.

Where the names come from: well-known public figures and the commonest given names and
surnames of each country (national statistics offices' top-name lists, Wikipedia's lists of
the most common surnames), each written in its own script and romanized by the official
system (Serbian Gaj, Macedonian road-sign/2008 passport, Bulgarian 2009 Act, ELOT 743,
Romanian for Moldovan Cyrillic), then the spellings met in reports, typed by hand: other
systems (BGN/PCGN, ISO 9, French, German), English phonetic forms, Greeklish, no diacritics,
formal/everyday given names, swapped order, an extra middle name.  Nothing here was produced
by ``sirat.names``.

Hard negatives are different people: near-surnames (-ов/-ков, -ичков/-йков, -ης/-άκης,
Romanian -u), gendered given names (Љубиша/Љубица), a letter folding would hide (Šarić/Sarić,
Jurić/Đurić), and the same name with a different date of birth.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

# native | official romanization | variants typed in reports (";"-separated)
PERSONS = {
    "sr": """
Ђорђе Петровић | Đorđe Petrović | Djordje Petrovic; Dorde Petrovich; Petrović Đorđe
Милош Обилић | Miloš Obilić | Milos Obilic; Milosh Obilich
Новак Ђоковић | Novak Đoković | Novak Djokovic; Novak Djokovich
Драган Стојковић | Dragan Stojković | Dragan Stojkovic; Dragan Stoykovich
Љубиша Јовановић | Ljubiša Jovanović | Ljubisa Jovanovic; Lyubisha Yovanovich
Жарко Николић | Žarko Nikolić | Zarko Nikolic; Zharko Nikolich
Небојша Ћосић | Nebojša Ćosić | Nebojsa Cosic; Nebojsha Chosich
Вук Караџић | Vuk Karadžić | Vuk Karadzic; Vuk Karadzhich
Слободан Милошевић | Slobodan Milošević | Slobodan Milosevic; Slobodan Miloshevich
Зоран Ђинђић | Zoran Đinđić | Zoran Djindjic; Zoran Dindic
Јелена Јанковић | Jelena Janković | Jelena Jankovic; Yelena Yankovich
Мирјана Марковић | Mirjana Marković | Mirjana Markovic; Miryana Markovich
Ненад Шарић | Nenad Šarić | Nenad Saric; Nenad Sharich
Станислава Ђурић | Stanislava Đurić | Stanislava Djuric; Stanislava Duric
Бранко Ковачевић | Branko Kovačević | Branko Kovacevic; Branko Kovachevich; Branko Petar Kovačević
""",
    "mk": """
Кирил Ѓорѓиевски | Kiril Gjorgjievski | Kiril Gorgievski; Kiril Đorđievski
Жарко Ѓорѓиев | Žarko Gjorgjiev | Zharko Gjorgjiev; Zarko Gorgiev
Ќемал Џафероски | Kjemal Džaferoski | Kjemal Dzaferoski; Kjemal Djaferoski
Горан Пандев | Goran Pandev | Goran Pandeff
Гоце Делчев | Goce Delčev | Gotse Delchev; Goce Delcev
Благоја Ќосевски | Blagoja Kjosevski | Blagoja Kosevski; Blagoya Kjosevski
Тоше Проески | Toše Proeski | Toshe Proeski; Tose Proeski
Ѓорѓи Иванов | Gjorgji Ivanov | Gorgi Ivanov; Đorđi Ivanov
Марија Шопова | Marija Šopova | Maria Shopova; Mariya Shopova
Ѕвездан Стојановски | Dzvezdan Stojanovski | Dzvezdan Stoyanovski
Никола Груевски | Nikola Gruevski | Nikola Gruevsky
Љупчо Георгиевски | Ljupčo Georgievski | Ljupco Georgievski; Lyupcho Georgievski
Елена Ќорвезироска | Elena Kjorveziroska | Elena Korveziroska
""",
    "bg": """
Христо Стоичков | Hristo Stoichkov | Khristo Stoitchkov; Hristo Stoičkov
Йордан Йорданов | Yordan Yordanov | Iordan Iordanov; Jordan Jordanov
Любомир Стоянов | Lyubomir Stoyanov | Liubomir Stoianov; Ljubomir Stojanov; Lubomir Stoyanov
Стефан Щерев | Stefan Shterev | Stefan Shcherev; Stefan Šterev
Живко Живков | Zhivko Zhivkov | Jivko Jivkov; Živko Živkov
Цветан Цветков | Tsvetan Tsvetkov | Cvetan Cvetkov; Tzvetan Tzvetkov
Николай Петров | Nikolay Petrov | Nikolai Petrov; Nikolaj Petroff
Димитър Бербатов | Dimitar Berbatov | Dimitur Berbatov; Dimităr Berbatov
Мария Иванова | Maria Ivanova | Mariya Ivanova; Marija Ivanova
Юлиян Попов | Yuliyan Popov | Iulian Popov; Julian Popov
Георги Първанов | Georgi Parvanov | Georgi Purvanov; Georgi Părvanov
Бойко Борисов | Boyko Borisov | Boiko Borisov; Bojko Borisov
Веселин Топалов | Veselin Topalov | Vesselin Topalov
Цецка Цачева | Tsetska Tsacheva | Cecka Cacheva; Tsetska Tsatcheva
Румен Радев | Rumen Radev | Roumen Radev
Васил Иванов Щерев | Vasil Ivanov Shterev | Vasil Shterev; Vasil Shtarev
""",
    "el": """
Γιώργος Παπαδόπουλος | Giorgos Papadopoulos | Yiorgos Papadopulos; Georgios Papadopoulos
Κωνσταντίνος Χατζής | Konstantinos Chatzis | Konstantinos Hatzis; Kostas Xatzis
Αλέξανδρος Κυριακίδης | Alexandros Kyriakidis | Aleksandros Kiriakidis
Δημήτριος Παπαδάκης | Dimitrios Papadakis | Dimitris Papadakis
Ευάγγελος Μπακογιάννης | Evangelos Bakogiannis | Evangelos Mpakogiannis; Vangelis Bakoyannis
Ιωάννης Γεωργίου | Ioannis Georgiou | Giannis Georgiou; Yannis Georgiou
Νίκος Αντωνίου | Nikos Antoniou | Nikolaos Antoniou; Nikos Antoniu
Θεόδωρος Αγγελόπουλος | Theodoros Angelopoulos | Thodoris Angelopoulos; Theodoros Aggelopoulos
Χαράλαμπος Ξενάκης | Charalampos Xenakis | Babis Xenakis; Haralampos Ksenakis
Σπυρίδων Οικονόμου | Spyridon Oikonomou | Spyros Oikonomou; Spiridon Oikonomou
Ελένη Παπαδοπούλου | Eleni Papadopoulou | Eleni Papadopulu
Βασίλειος Σταματόπουλος | Vasileios Stamatopoulos | Vasilis Stamatopoulos; Vasilios Stamatopulos
Μιχάλης Χριστοδούλου | Michalis Christodoulou | Mihalis Hristodoulou; Michail Christodoulou
Παναγιώτης Ζαχαρίου | Panagiotis Zachariou | Panayiotis Zachariou; Panos Zahariou
""",
    "ro": """
Виктор Чобану | Victor Ciobanu | Viktor Chobanu
Ион Попеску | Ion Popescu | Ion Popesku
Андрей Русу | Andrei Rusu | Andrey Rusu
Георге Цуркану | Gheorghe Țurcanu | Gheorghe Turcanu; Georghe Tsurkanu
Штефан Мунтяну | Ștefan Munteanu | Stefan Munteanu; Ştefan Munteanu
Мая Санду | Maia Sandu | Maya Sandu; Maja Sandu
Влад Плахотнюк | Vlad Plahotniuc | Vlad Plakhotnyuk; Vlad Plahotnyuk
Дорин Киртоакэ | Dorin Chirtoacă | Dorin Chirtoaca
Ștefan Popa | Ștefan Popa | Stefan Popa; Ştefan Popa
Mihai Eminescu | Mihai Eminescu | Mihail Eminescu; Eminescu Mihai
Ioana Constantinescu | Ioana Constantinescu | Ioana Konstantinescu; Ioana Constantinesco
Nicolae Ceaușescu | Nicolae Ceaușescu | Nicolae Ceausescu; Nicolae Ceauşescu
Mircea Ionescu | Mircea Ionescu | Mircea Ionesco; Mircea Ionesku
""",
    "tr": """
Şükrü Yılmaz | Şükrü Yılmaz | Sukru Yilmaz; SUKRU YILMAZ; Yilmaz Sukru
Mehmet Öztürk | Mehmet Öztürk | Mehmet Ozturk; Mehmet Oeztuerk; Мехмет Озтюрк
Ayşe Çelik | Ayşe Çelik | Ayse Celik; Айше Челик
Mustafa Güneş | Mustafa Güneş | Mustafa Gunes; Mustafa Guenes
Hüseyin Doğan | Hüseyin Doğan | Huseyin Dogan; Hueseyin Dogan
Ömer Aydın | Ömer Aydın | Omer Aydin; Oemer Aydin
İbrahim Şahin | İbrahim Şahin | Ibrahim Sahin; Ибрахим Шахин
Fatma Kılıç | Fatma Kılıç | Fatma Kilic; Fatma Kilich
Emre Çakır | Emre Çakır | Emre Cakir; Emre Chakir
Recep Erdoğan | Recep Erdoğan | Recep Erdogan; Redžep Erdogan
Gökhan Yıldız | Gökhan Yıldız | Gokhan Yildiz; Goekhan Yildiz
Zeynep Koç | Zeynep Koç | Zeynep Koc; Zejnep Koč
""",
    "sq": """
Arben Hoxha | Arben Hoxha | Арбен Хоџа; Arben Hodža
Gëzim Çela | Gëzim Çela | Gezim Cela; Гезим Чела
Xhafer Shehu | Xhafer Shehu | Џафер Шеху; Dzafer Sehu
Fatmir Berisha | Fatmir Berisha | Фатмир Бериша; Fatmir Beriša
Agim Krasniqi | Agim Krasniqi | Агим Красниќи; Agim Krasnici
Besnik Gashi | Besnik Gashi | Бесник Гаши; Besnik Gaši
Valbona Kelmendi | Valbona Kelmendi | Валбона Келменди
Drita Gjoni | Drita Gjoni | Дрита Ѓони; Drita Djoni
Blerim Dushku | Blerim Dushku | Блерим Душку; Blerim Dušku
Shpend Zhuri | Shpend Zhuri | Шпенд Жури; Špend Žuri
Ilir Meta | Ilir Meta | Илир Мета; Meta Ilir
""",
    "hu": """
Kovács Mihály | Kovács Mihály | Mihaly Kovacs; Mihály Kovács; Михаљ Ковач
Nagy Erzsébet | Nagy Erzsébet | Erzsebet Nagy; Nagy Erzsebet
Szabó László | Szabó László | Szabo Laszlo; Laszlo Szabo; Ласло Сабо
Tóth Gábor | Tóth Gábor | Toth Gabor; Gabor Toth; Габор Тот
Horváth Zoltán | Horváth Zoltán | Horvath Zoltan; Zoltan Horvat
Varga Péter | Varga Péter | Varga Peter; Петер Варга
Molnár Éva | Molnár Éva | Molnar Eva; Eva Molnar
Farkas István | Farkas István | Farkas Istvan; Иштван Фаркаш
Németh Ágnes | Németh Ágnes | Nemeth Agnes; Ágnes Németh
Erdős Pál | Erdős Pál | Erdos Pal; Erdös Pál
""",
}

# a | b | why: different people, however alike the names
DECOYS = """
sr | Marko Jurić | Marko Đurić | a different first letter
sr | Ivan Šarić | Ivan Sarić | folding hides Š/S
sr | Goran Žarković | Goran Zarković | folding hides Ž/Z
sr | Љубиша Петровић | Љубица Петровић | gendered given names
sr | Petar Jovanović | Petra Jovanović | gendered given names
sr | Zoran Đorđević | Zoran Đurđević | near-surname
sr | Milan Petrović | Milan Petković | near-surname
sr | Nikola Jovanović | Nikola Jovanovski | suffix
sr | Dragan Stojković | Dragan Stojaković | near-surname
sr | Marko Marković | Mirko Marković | given name
sr | Bojan Čolić | Bojan Ćulić | near-surname
sr | Branko Kovačević | Branka Kovačević | gendered given names
sr | Милош Обилић | Милош Обиљевић | near-surname
sr | Nenad Savić | Nenad Šavić | folding hides Š/S
bg | Иван Дечов | Иван Дечков | -ов/-ков
bg | Христо Стоичков | Христо Стойков | -ичков/-йков
bg | Стефан Тодоров | Стефан Теодоров | Todorov/Teodorov
bg | Петър Иванов | Петър Иванчев | near-surname
bg | Георги Петров | Георги Петков | near-surname
bg | Николай Стоянов | Николай Стойнов | near-surname
bg | Мария Иванова | Мариана Иванова | near given name
bg | Красимир Балъков | Красимир Балков | near-surname
bg | Димитър Пеев | Димитър Пейчев | near-surname
bg | Тодор Живков | Тодор Жеков | near-surname
bg | Цветан Цветков | Цветан Цветанов | near-surname
bg | Любомир Стоянов | Любен Стоянов | near given name
bg | Стоян Пачов | Стоян Пачков | -ов/-ков
bg | Иван Маринов | Иван Маринков | -ов/-ков
mk | Горан Пандев | Горан Пандовски | suffix
mk | Никола Груевски | Никола Грујоски | near-surname
mk | Марија Шопова | Марина Шопова | near given name
mk | Жарко Ѓорѓиев | Жарко Ѓурѓиев | near-surname
mk | Тоше Проески | Тоше Продановски | near-surname
mk | Ѓорѓи Иванов | Ѓорѓи Ивановски | suffix
mk | Љупчо Георгиевски | Љупка Георгиевска | gendered
el | Γιώργος Παπαδής | Γιώργος Παπαδάκης | -ης/-άκης
el | Νίκος Παπαδόπουλος | Ελένη Παπαδοπούλου | gendered
el | Κώστας Γεωργίου | Κώστας Γεωργιάδης | near-surname
el | Δημήτρης Κωστάκης | Δημήτρης Κωστής | -άκης/-ης
el | Γιάννης Νικολάου | Γιάννης Νικολαΐδης | near-surname
el | Σπύρος Μαρκάκης | Σπύρος Μάρκου | near-surname
el | Θανάσης Ζαχαρίου | Θανάσης Ζαχαράκης | near-surname
el | Ιωάννης Αλεξίου | Ιωάννα Αλεξίου | gendered
el | Γιώργος Σταθόπουλος | Γιώργος Σταματόπουλος | near-surname
el | Μανώλης Κρητικός | Μανώλης Κρητικάκης | -ος/-άκης
ro | Ion Rusu | Ion Rus | Romanian -u
ro | Ion Munteanu | Ion Muntean | Romanian -u
ro | Andrei Popescu | Andreea Popescu | gendered
ro | Vasile Ciobanu | Vasile Ciobotaru | near-surname
ro | Ana Popescu | Ana Popovici | near-surname
ro | Gheorghe Ionescu | Gheorghe Ionașcu | near-surname
ro | Ion Moraru | Ion Morariu | near-surname
ro | Victor Ciobanu | Victor Cioban | Romanian -u
ro | Mihai Lupu | Mihai Lup | Romanian -u
ro | Андрей Русу | Андрей Рус | Romanian -u in Cyrillic
tr | Mehmet Yılmaz | Mehmet Yıldız | near-surname
tr | Mustafa Demir | Mustafa Demirci | suffix
tr | Ahmet Kaya | Mehmet Kaya | given name
tr | Hasan Şahin | Hasan Şahinoğlu | suffix
tr | Emre Çakır | Emre Çakar | near-surname
tr | Ayşe Kılıç | Ayşe Kılınç | near-surname
tr | Murat Öztürk | Murat Öztürkmen | suffix
tr | Fatma Aydın | Fatma Aydoğan | near-surname
tr | Hasan Çakmak | Hasan Çakmakçı | suffix
sq | Arben Hoxha | Arben Hoxhaj | suffix
sq | Agim Krasniqi | Agim Kryeziu | near-surname
sq | Fatmir Berisha | Fatmira Berisha | gendered
sq | Ilir Shehu | Ilir Shehaj | suffix
sq | Blerim Dushku | Blerim Dushi | near-surname
sq | Drita Gjoni | Drita Gjini | near-surname
hu | Kiss Katalin | Kis Katalin | near-surname
hu | Nagy Péter | Nagy Petra | gendered
hu | Szabó László | Szabados László | near-surname
hu | Tóth Gábor | Tóth Gáspár | near given name
hu | Horváth Zoltán | Horváth Zsolt | near given name
hu | Varga Péter | Vargas Péter | near-surname
"""

# Same name, different people: told apart by the date of birth only.
SAME_NAME_OTHER_DOB = [
    ("sr", "Đorđe Petrović", "Djordje Petrovic"), ("bg", "Иван Петров", "Ivan Petrov"),
    ("el", "Γιώργος Παπαδόπουλος", "Giorgos Papadopoulos"),
    ("tr", "Şükrü Yılmaz", "Sukru Yilmaz"), ("ro", "Ion Popescu", "Ion Popescu"),
    ("mk", "Никола Груевски", "Nikola Gruevski"), ("sq", "Arben Hoxha", "Arben Hoxha"),
    ("hu", "Kovács Mihály", "Mihaly Kovacs"), ("bg", "Мария Иванова", "Maria Ivanova"),
    ("sr", "Marko Marković", "Марко Марковић"),
]


def _dob(rng: random.Random) -> str:
    return f"{rng.randint(1950, 2002)}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}"


def build() -> dict[str, object]:
    rng = random.Random(17)
    persons = []
    pairs = []
    for lang, block in PERSONS.items():
        for k, line in enumerate(x for x in block.strip().splitlines() if x.strip()):
            native, official, variants = (p.strip() for p in line.split("|"))
            pid = f"{lang}-{k:02}"
            dob = _dob(rng)
            persons.append({"id": pid, "lang": lang, "name": native, "dob": dob})
            others = [("official", official)] if official != native else []
            others += [("variant", v.strip()) for v in variants.split(";") if v.strip()]
            for kind, name in others:
                # Dates as reports carry them: on both sides, on one side, or on neither.
                roll = rng.random()
                a_dob = dob if roll < 0.7 else None
                b_dob = dob if roll < 0.4 else None
                pairs.append({"label": "same", "lang": lang, "kind": kind, "person": pid,
                              "a": {"name": native, "dob": a_dob},
                              "b": {"name": name, "dob": b_dob}})
    for line in DECOYS.strip().splitlines():
        lang, a, b, why = (p.strip() for p in line.split("|"))
        roll = rng.random()
        dob = _dob(rng)
        # Half the decoys share a date of birth: the hardest case for a "same" verdict.
        a_dob, b_dob = (dob, dob) if roll < 0.5 else (None, None) if roll < 0.8 else (dob, None)
        pairs.append({"label": "different", "lang": lang, "kind": "decoy", "why": why,
                      "a": {"name": a, "dob": a_dob}, "b": {"name": b, "dob": b_dob}})
    for lang, a, b in SAME_NAME_OTHER_DOB:
        pairs.append({"label": "different", "lang": lang, "kind": "other-dob",
                      "why": "same name, another date of birth",
                      "a": {"name": a, "dob": _dob(rng)}, "b": {"name": b, "dob": _dob(rng)}})
    return {"version": 1, "persons": persons, "pairs": pairs}


if __name__ == "__main__":
    out = Path(__file__).with_name("pairs.json")
    out.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
