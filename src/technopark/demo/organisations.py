"""The organisations of the demo network, after the two seed documents.

Samara region: the regional internship site of seed 000 (СП ЦДТ of school No. 1 and the
mini-technopark «Квантум» of school No. 2 in Bolshaya Chernigovka) and schools and centres
across the region, so that participant statistics have geography. Minsk: the city resource
centre «Технопрорыв» of seed 001 with the partners it names (МГИРО, АПО, НАН, universities).
Each entry: key, name, short name, kind, municipality (exact reference name), parent key,
address, is_partner. The natural key of an organisation is (name, municipality).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    short_name: str
    kind: str
    municipality: str
    parent: str = ""
    address: str = ""
    is_partner: bool = False


CHERNIGOVKA = "муниципальный район Большечерниговский"
CHERNIGOVKA_ADDRESS = "446290, Самарская область, Большечерниговский район, с. Большая Черниговка"
SAMARA = "городской округ Самара"
TOLYATTI = "городской округ Тольятти"
CENTRE_MINSK = "Центральный район г. Минска"

ORGANISATIONS = [
    # --- Samara region: the seed-000 site ---------------------------------------------------
    DemoOrganisation(
        "samara_ministry",
        "Министерство образования Самарской области",
        "Минобразования Самарской области",
        "ministry",
        SAMARA,
        address="г. Самара",
    ),
    DemoOrganisation(
        "school1",
        "ГБОУ СОШ № 1 «ОЦ» им. И.М. Кузнецова с. Большая Черниговка",
        "ГБОУ СОШ № 1 «ОЦ» с. Большая Черниговка",
        "school",
        CHERNIGOVKA,
        address=CHERNIGOVKA_ADDRESS,
    ),
    DemoOrganisation(
        "cdt",
        "СП ЦДТ ГБОУ СОШ № 1 «ОЦ» с. Большая Черниговка",
        "СП ЦДТ с. Большая Черниговка",
        "creativity_centre",
        CHERNIGOVKA,
        parent="school1",
        address=CHERNIGOVKA_ADDRESS,
    ),
    DemoOrganisation(
        "school2",
        "ГБОУ СОШ № 2 с. Большая Черниговка",
        "СОШ № 2 с. Большая Черниговка",
        "school",
        CHERNIGOVKA,
        address=CHERNIGOVKA_ADDRESS,
    ),
    DemoOrganisation(
        "kvantum",
        "Мини-технопарк «Квантум»",
        "",
        "technopark",
        CHERNIGOVKA,
        parent="school2",
        address="на базе ГБОУ СОШ № 2, с. Большая Черниговка, Самарская область",
    ),
    # --- Samara region: partners and other municipalities ------------------------------------
    DemoOrganisation(
        "sipkro",
        "ГАУ ДПО СО «Самарский областной институт повышения "
        "квалификации и переподготовки работников образования»",
        "СИПКРО",
        "academy",
        SAMARA,
        address="г. Самара",
    ),
    DemoOrganisation(
        "samara_palace",
        "ГБОУ ДО СО «Самарский Дворец детского и юношеского творчества»",
        "СДДЮТ",
        "creativity_centre",
        SAMARA,
        address="г. Самара",
    ),
    DemoOrganisation(
        "kvantorium",
        "Детский технопарк «Кванториум-63 регион»",
        "",
        "technopark",
        SAMARA,
        parent="samara_palace",
        address="г. Самара",
    ),
    DemoOrganisation(
        "samgtu",
        "ФГБОУ ВО «Самарский государственный технический университет»",
        "СамГТУ",
        "university",
        SAMARA,
        address="г. Самара",
        is_partner=True,
    ),
    DemoOrganisation(
        "tlt_cit",
        "МБУ ДО «Центр информационных технологий» г.о. Тольятти",
        "ЦИТ г.о. Тольятти",
        "creativity_centre",
        TOLYATTI,
        address="г. Тольятти",
    ),
    DemoOrganisation(
        "tlt_school26",
        "МБУ «Школа № 26» г.о. Тольятти",
        "",
        "school",
        TOLYATTI,
        address="г. Тольятти",
    ),
    DemoOrganisation(
        "syzran_school3",
        "ГБОУ СОШ № 3 г.о. Сызрань",
        "",
        "school",
        "городской округ Сызрань",
        address="г. Сызрань",
    ),
    DemoOrganisation(
        "kinel_school4",
        "ГБОУ СОШ № 4 г.о. Кинель",
        "",
        "school",
        "городской округ Кинель",
        address="г. Кинель",
    ),
    DemoOrganisation(
        "pokhv_school7",
        "ГБОУ СОШ № 7 г.о. Похвистнево",
        "",
        "school",
        "городской округ Похвистнево",
        address="г. Похвистнево",
    ),
    DemoOrganisation(
        "bor_school1",
        "ГБОУ СОШ № 1 «ОЦ» с. Борское",
        "",
        "school",
        "муниципальный район Борский",
        address="с. Борское",
    ),
    DemoOrganisation(
        "bor_ddt",
        "СП ДДТ ГБОУ СОШ № 1 «ОЦ» с. Борское",
        "СП ДДТ с. Борское",
        "creativity_centre",
        "муниципальный район Борский",
        parent="bor_school1",
        address="с. Борское",
    ),
    DemoOrganisation(
        "neft_school2",
        "ГБОУ СОШ № 2 г. Нефтегорска",
        "",
        "school",
        "муниципальный район Нефтегорский",
        address="г. Нефтегорск",
    ),
    DemoOrganisation(
        "glush_school1",
        "ГБОУ СОШ № 1 «ОЦ» с. Большая Глушица",
        "",
        "school",
        "муниципальный район Большеглушицкий",
        address="с. Большая Глушица",
    ),
    DemoOrganisation(
        "glush_ddt",
        "СП ДДТ ГБОУ СОШ № 1 «ОЦ» с. Большая Глушица",
        "СП ДДТ с. Большая Глушица",
        "creativity_centre",
        "муниципальный район Большеглушицкий",
        parent="glush_school1",
        address="с. Большая Глушица",
    ),
    DemoOrganisation(
        "kch_school1",
        "ГБОУ СОШ № 1 «ОЦ» с. Кинель-Черкассы",
        "",
        "school",
        "муниципальный район Кинель-Черкасский",
        address="с. Кинель-Черкассы",
    ),
    DemoOrganisation(
        "nvk_school5",
        "ГБОУ ООШ № 5 г.о. Новокуйбышевск",
        "",
        "school",
        "городской округ Новокуйбышевск",
        address="г. Новокуйбышевск",
    ),
    DemoOrganisation(
        "chap_school13",
        "ГБОУ СОШ № 13 г.о. Чапаевск",
        "",
        "school",
        "городской округ Чапаевск",
        address="г. Чапаевск",
    ),
    DemoOrganisation(
        "pestr_school",
        "ГБОУ СОШ с. Пестравка",
        "",
        "school",
        "муниципальный район Пестравский",
        address="с. Пестравка",
    ),
    DemoOrganisation(
        "kyar_school1",
        "ГБОУ СОШ № 1 с. Красный Яр",
        "",
        "school",
        "муниципальный район Красноярский",
        address="с. Красный Яр",
    ),
    DemoOrganisation(
        "serg_school1",
        "ГБОУ СОШ № 1 «ОЦ» с. Сергиевск",
        "",
        "school",
        "муниципальный район Сергиевский",
        address="с. Сергиевск",
    ),
    DemoOrganisation(
        "otr_school10",
        "ГБОУ СОШ № 10 «ОЦ ЛИК» г.о. Отрадный",
        "",
        "school",
        "городской округ Отрадный",
        address="г. Отрадный",
    ),
    # --- Minsk: the seed-001 resource centre and its partners ---------------------------------
    DemoOrganisation(
        "minsk_committee",
        "Комитет по образованию Мингорисполкома",
        "",
        "ministry",
        CENTRE_MINSK,
        address="г. Минск",
    ),
    DemoOrganisation(
        "palace",
        "УО «Минский государственный дворец детей и молодежи»",
        "Минский государственный дворец детей и молодежи",
        "creativity_centre",
        CENTRE_MINSK,
        address="г. Минск",
    ),
    DemoOrganisation(
        "technoproryv",
        "Городской ресурсный центр «Детский технопарк «Технопрорыв»»",
        "Детский технопарк «Технопрорыв»",
        "resource_centre",
        CENTRE_MINSK,
        parent="palace",
        address="г. Минск, на базе отдела технического творчества и спорта "
        "Минского государственного дворца детей и молодежи",
    ),
    DemoOrganisation(
        "ndt",
        "УО «Национальный детский технопарк»",
        "Национальный детский технопарк",
        "technopark",
        "Московский район г. Минска",
        address="г. Минск",
    ),
    DemoOrganisation(
        "mgiro",
        "ГУО «Минский городской институт развития образования»",
        "МГИРО",
        "academy",
        CENTRE_MINSK,
        address="г. Минск",
        is_partner=True,
    ),
    DemoOrganisation(
        "apo",
        "ГУО «Академия последипломного образования»",
        "АПО",
        "academy",
        "Советский район г. Минска",
        address="г. Минск",
        is_partner=True,
    ),
    DemoOrganisation(
        "nan",
        "Национальная академия наук Беларуси",
        "НАН Беларуси",
        "academy",
        "Первомайский район г. Минска",
        address="г. Минск",
        is_partner=True,
    ),
    DemoOrganisation(
        "bntu",
        "Белорусский национальный технический университет",
        "БНТУ",
        "university",
        "Первомайский район г. Минска",
        address="г. Минск",
        is_partner=True,
    ),
    DemoOrganisation(
        "bsuir",
        "УО «Белорусский государственный университет информатики и радиоэлектроники»",
        "БГУИР",
        "university",
        "Советский район г. Минска",
        address="г. Минск",
        is_partner=True,
    ),
    DemoOrganisation(
        "roboeng",
        "ООО «Робоинжиниринг»",
        "",
        "business",
        "Фрунзенский район г. Минска",
        address="г. Минск",
        is_partner=True,
    ),
    DemoOrganisation(
        "gym1",
        "ГУО «Гимназия № 1 г. Минска»",
        "",
        "school",
        "Фрунзенский район г. Минска",
        address="г. Минск",
    ),
    DemoOrganisation(
        "school51",
        "ГУО «Средняя школа № 51 г. Минска»",
        "",
        "school",
        "Заводской район г. Минска",
        address="г. Минск",
    ),
    DemoOrganisation(
        "gym29",
        "ГУО «Гимназия № 29 г. Минска»",
        "",
        "school",
        "Партизанский район г. Минска",
        address="г. Минск",
    ),
    DemoOrganisation(
        "school141",
        "ГУО «Средняя школа № 141 г. Минска»",
        "",
        "school",
        "Октябрьский район г. Минска",
        address="г. Минск",
    ),
]
