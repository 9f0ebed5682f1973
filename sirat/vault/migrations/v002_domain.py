"""Schema 2: reports and their versions, entities with names and identifiers, links and
relations, identifier-warning overrides, and the reference data they use (seeded here).

Frozen once released: later changes are new migrations.
"""

from __future__ import annotations

from typing import Any

VERSION = 2
DESCRIPTION = "reports, entities, links, relations and reference data"

SQL = """
CREATE TABLE ref_classifications (
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    rank INTEGER NOT NULL,
    CONSTRAINT pk_ref_classifications PRIMARY KEY (code)
);
CREATE TABLE ref_crime_areas (
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT 1,
    CONSTRAINT pk_ref_crime_areas PRIMARY KEY (code)
);
CREATE TABLE ref_grading_schemes (
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    is_default BOOLEAN NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT pk_ref_grading_schemes PRIMARY KEY (code)
);
CREATE TABLE ref_grades (
    scheme_code TEXT NOT NULL,
    axis TEXT NOT NULL,
    code TEXT NOT NULL,
    wording TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT pk_ref_grades PRIMARY KEY (scheme_code, axis, code),
    CONSTRAINT ck_ref_grades_axis CHECK (axis IN ('source', 'information')),
    CONSTRAINT fk_ref_grades_scheme_code_ref_grading_schemes FOREIGN KEY(scheme_code)
        REFERENCES ref_grading_schemes (code)
);
CREATE TABLE ref_handling_codes (
    code TEXT NOT NULL,
    wording TEXT NOT NULL,
    needs_text BOOLEAN NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT pk_ref_handling_codes PRIMARY KEY (code)
);
CREATE TABLE ref_link_roles (
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT pk_ref_link_roles PRIMARY KEY (code)
);
CREATE TABLE ref_relation_types (
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    reverse_name TEXT NOT NULL,
    ftm_schema TEXT NOT NULL DEFAULT 'UnknownLink',
    position INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT pk_ref_relation_types PRIMARY KEY (code)
);
CREATE TABLE ref_recipients (
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    highest_classification TEXT NOT NULL,
    handling_codes TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT 1,
    position INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT pk_ref_recipients PRIMARY KEY (code),
    CONSTRAINT ck_ref_recipients_kind
        CHECK (kind IN ('member-state', 'operational-partner', 'observer')),
    CONSTRAINT fk_ref_recipients_highest_classification_ref_classifications
        FOREIGN KEY(highest_classification) REFERENCES ref_classifications (code)
);
CREATE TABLE report_counters (
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    CONSTRAINT pk_report_counters PRIMARY KEY (year)
);
CREATE TABLE reports (
    id INTEGER NOT NULL,
    uid TEXT NOT NULL,
    reference TEXT NOT NULL,
    ref_year INTEGER NOT NULL,
    ref_seq INTEGER NOT NULL,
    title TEXT NOT NULL,
    crime_area TEXT NOT NULL,
    report_date TEXT NOT NULL,
    info_date_text TEXT NOT NULL DEFAULT '',
    info_date_earliest TEXT,
    info_date_latest TEXT,
    places TEXT NOT NULL DEFAULT '[]',
    reporting_country TEXT NOT NULL,
    agency TEXT NOT NULL DEFAULT '',
    operation TEXT NOT NULL DEFAULT '',
    grading_scheme TEXT NOT NULL,
    source_reliability TEXT NOT NULL,
    information_accuracy TEXT NOT NULL,
    handling_codes TEXT NOT NULL DEFAULT '',
    h3_text TEXT NOT NULL DEFAULT '',
    classification TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    narrative TEXT NOT NULL DEFAULT '',
    analyst_comment TEXT NOT NULL DEFAULT '',
    keywords TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'draft',
    author_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    submitted_at TEXT,
    approved_at TEXT,
    approved_by INTEGER,
    disseminated_at TEXT,
    returned_at TEXT,
    returned_by INTEGER,
    return_comment TEXT NOT NULL DEFAULT '',
    h2_permission_note TEXT NOT NULL DEFAULT '',
    h2_permission_recorded_by INTEGER,
    h2_permission_recorded_at TEXT,
    origin_author TEXT NOT NULL DEFAULT '',
    origin_approver TEXT NOT NULL DEFAULT '',
    imported_at TEXT,
    CONSTRAINT pk_reports PRIMARY KEY (id),
    CONSTRAINT uq_reports_ref_year_ref_seq UNIQUE (ref_year, ref_seq),
    CONSTRAINT ck_reports_status
        CHECK (status IN ('draft', 'submitted', 'approved', 'disseminated')),
    CONSTRAINT uq_reports_uid UNIQUE (uid),
    CONSTRAINT uq_reports_reference UNIQUE (reference),
    CONSTRAINT fk_reports_crime_area_ref_crime_areas FOREIGN KEY(crime_area)
        REFERENCES ref_crime_areas (code),
    CONSTRAINT fk_reports_grading_scheme_ref_grading_schemes FOREIGN KEY(grading_scheme)
        REFERENCES ref_grading_schemes (code),
    CONSTRAINT fk_reports_classification_ref_classifications FOREIGN KEY(classification)
        REFERENCES ref_classifications (code),
    CONSTRAINT fk_reports_author_id_users FOREIGN KEY(author_id) REFERENCES users (id),
    CONSTRAINT fk_reports_approved_by_users FOREIGN KEY(approved_by) REFERENCES users (id),
    CONSTRAINT fk_reports_returned_by_users FOREIGN KEY(returned_by) REFERENCES users (id),
    CONSTRAINT fk_reports_h2_permission_recorded_by_users FOREIGN KEY(h2_permission_recorded_by)
        REFERENCES users (id)
);
CREATE INDEX ix_reports_author ON reports (author_id, status);
CREATE INDEX ix_reports_country ON reports (reporting_country, updated_at);
CREATE INDEX ix_reports_created_at ON reports (created_at);
CREATE INDEX ix_reports_crime_area ON reports (crime_area, updated_at);
CREATE INDEX ix_reports_grading ON reports (source_reliability, information_accuracy);
CREATE INDEX ix_reports_info_date ON reports (info_date_earliest, info_date_latest);
CREATE INDEX ix_reports_report_date ON reports (report_date);
CREATE INDEX ix_reports_status ON reports (status, updated_at);
CREATE INDEX ix_reports_title ON reports (title);
CREATE INDEX ix_reports_updated_at ON reports (updated_at);
CREATE TABLE report_versions (
    id INTEGER NOT NULL,
    report_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    saved_by INTEGER NOT NULL,
    saved_at TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    CONSTRAINT pk_report_versions PRIMARY KEY (id),
    CONSTRAINT uq_report_versions_report_id_version UNIQUE (report_id, version),
    CONSTRAINT fk_report_versions_report_id_reports FOREIGN KEY(report_id)
        REFERENCES reports (id) ON DELETE CASCADE,
    CONSTRAINT fk_report_versions_saved_by_users FOREIGN KEY(saved_by) REFERENCES users (id)
);
CREATE TABLE entities (
    id INTEGER NOT NULL,
    uid TEXT NOT NULL,
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    label_key TEXT NOT NULL,
    attributes TEXT NOT NULL DEFAULT '{}',
    is_private BOOLEAN NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    created_by INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by INTEGER NOT NULL,
    CONSTRAINT pk_entities PRIMARY KEY (id),
    CONSTRAINT ck_entities_kind CHECK (kind IN ('person', 'vehicle', 'vessel', 'organization',
        'address', 'phone', 'identity_document', 'bank_account', 'online_account')),
    CONSTRAINT uq_entities_uid UNIQUE (uid),
    CONSTRAINT fk_entities_created_by_users FOREIGN KEY(created_by) REFERENCES users (id),
    CONSTRAINT fk_entities_updated_by_users FOREIGN KEY(updated_by) REFERENCES users (id)
);
CREATE INDEX ix_entities_kind_label_key ON entities (kind, label_key);
CREATE TABLE entity_names (
    id INTEGER NOT NULL,
    entity_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    script TEXT NOT NULL DEFAULT '',
    is_alias BOOLEAN NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    name_key TEXT NOT NULL,
    CONSTRAINT pk_entity_names PRIMARY KEY (id),
    CONSTRAINT fk_entity_names_entity_id_entities FOREIGN KEY(entity_id)
        REFERENCES entities (id) ON DELETE CASCADE
);
CREATE INDEX ix_entity_names_entity_id ON entity_names (entity_id, position);
CREATE INDEX ix_entity_names_name_key ON entity_names (name_key);
CREATE TABLE entity_identifiers (
    id INTEGER NOT NULL,
    entity_id INTEGER NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    normalized TEXT NOT NULL,
    country TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT pk_entity_identifiers PRIMARY KEY (id),
    CONSTRAINT fk_entity_identifiers_entity_id_entities FOREIGN KEY(entity_id)
        REFERENCES entities (id) ON DELETE CASCADE
);
CREATE INDEX ix_entity_identifiers_entity_id ON entity_identifiers (entity_id, position);
CREATE INDEX ix_entity_identifiers_type_normalized ON entity_identifiers (type, normalized);
CREATE TABLE identifier_overrides (
    id INTEGER NOT NULL,
    entity_id INTEGER NOT NULL,
    identifier_type TEXT NOT NULL,
    normalized TEXT NOT NULL,
    warning_code TEXT NOT NULL,
    acknowledged_by INTEGER NOT NULL,
    acknowledged_at TEXT NOT NULL,
    CONSTRAINT pk_identifier_overrides PRIMARY KEY (id),
    CONSTRAINT uq_identifier_overrides_entity_id
        UNIQUE (entity_id, identifier_type, normalized, warning_code),
    CONSTRAINT fk_identifier_overrides_entity_id_entities FOREIGN KEY(entity_id)
        REFERENCES entities (id) ON DELETE CASCADE,
    CONSTRAINT fk_identifier_overrides_acknowledged_by_users FOREIGN KEY(acknowledged_by)
        REFERENCES users (id)
);
CREATE TABLE report_entities (
    id INTEGER NOT NULL,
    report_id INTEGER NOT NULL,
    entity_id INTEGER NOT NULL,
    role TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by INTEGER NOT NULL,
    CONSTRAINT pk_report_entities PRIMARY KEY (id),
    CONSTRAINT uq_report_entities_link UNIQUE (report_id, entity_id, role),
    CONSTRAINT fk_report_entities_report_id_reports FOREIGN KEY(report_id)
        REFERENCES reports (id) ON DELETE CASCADE,
    CONSTRAINT fk_report_entities_entity_id_entities FOREIGN KEY(entity_id)
        REFERENCES entities (id),
    CONSTRAINT fk_report_entities_role_ref_link_roles FOREIGN KEY(role)
        REFERENCES ref_link_roles (code),
    CONSTRAINT fk_report_entities_created_by_users FOREIGN KEY(created_by) REFERENCES users (id)
);
CREATE INDEX ix_report_entities_entity_id ON report_entities (entity_id);
CREATE TABLE entity_relations (
    id INTEGER NOT NULL,
    uid TEXT NOT NULL,
    source_id INTEGER NOT NULL,
    target_id INTEGER NOT NULL,
    relation_type TEXT NOT NULL,
    report_id INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by INTEGER NOT NULL,
    CONSTRAINT pk_entity_relations PRIMARY KEY (id),
    CONSTRAINT uq_entity_relations_assertion
        UNIQUE (source_id, target_id, relation_type, report_id),
    CONSTRAINT uq_entity_relations_uid UNIQUE (uid),
    CONSTRAINT fk_entity_relations_source_id_entities FOREIGN KEY(source_id)
        REFERENCES entities (id),
    CONSTRAINT fk_entity_relations_target_id_entities FOREIGN KEY(target_id)
        REFERENCES entities (id),
    CONSTRAINT fk_entity_relations_relation_type_ref_relation_types FOREIGN KEY(relation_type)
        REFERENCES ref_relation_types (code),
    CONSTRAINT fk_entity_relations_report_id_reports FOREIGN KEY(report_id)
        REFERENCES reports (id) ON DELETE CASCADE,
    CONSTRAINT fk_entity_relations_created_by_users FOREIGN KEY(created_by)
        REFERENCES users (id)
);
CREATE INDEX ix_entity_relations_report_id ON entity_relations (report_id);
CREATE INDEX ix_entity_relations_source_id ON entity_relations (source_id);
CREATE INDEX ix_entity_relations_target_id ON entity_relations (target_id);
"""

CLASSIFICATIONS = [
    ("UNCLASSIFIED", "Unclassified", 0),
    ("RESTRICTED", "Restricted", 1),
    ("CONFIDENTIAL", "Confidential", 2),
    ("SECRET", "Secret", 3),
]

CRIME_AREAS = [
    ("thb_ms", "Trafficking in human beings and migrant smuggling", ""),
    ("drugs", "Drug trafficking", ""),
    ("anti_fraud", "Anti-fraud and anti-smuggling",
     "Cigarettes, excise goods, false declarations"),
    ("stolen_vehicles", "Stolen vehicles", ""),
    ("financial_cyber", "Financial and computer crime", "Including cybercrime"),
    ("container_security", "Container security", ""),
    ("environment", "Environment and nature-related crime", ""),
    ("counter_terrorism", "Counter-terrorism", ""),
]

GRADING_SCHEMES = [
    ("europol-4x4", "Europol 4x4",
     "Source reliability A, B, C, X and information accuracy 1-4.", 1),
]

GRADES = [
    ("europol-4x4", "source", "A",
     "No doubt of the authenticity, trustworthiness and competence of the source, or a "
     "source that has proved reliable in all instances"),
    ("europol-4x4", "source", "B", "A source that has in most instances proved to be reliable"),
    ("europol-4x4", "source", "C",
     "A source that has in most instances proved to be unreliable"),
    ("europol-4x4", "source", "X", "Reliability cannot be assessed"),
    ("europol-4x4", "information", "1", "Accuracy not in doubt"),
    ("europol-4x4", "information", "2",
     "Known personally to the source but not to the official passing it on"),
    ("europol-4x4", "information", "3",
     "Not known personally to the source but corroborated by information already recorded"),
    ("europol-4x4", "information", "4",
     "Not known personally to the source and cannot be corroborated"),
]

HANDLING_CODES = [
    ("H0", "May be used only for preventing and combating crime", 0),
    ("H1", "Not to be disclosed in judicial proceedings without the provider's permission", 0),
    ("H2", "Not to be disseminated without the provider's permission", 0),
    ("H3", "Other restrictions", 1),
]

LINK_ROLES = [
    ("suspect", "suspect"),
    ("victim", "victim"),
    ("witness", "witness"),
    ("owner", "owner"),
    ("driver", "driver"),
    ("facilitator", "facilitator"),
    ("courier", "courier"),
    ("organizer", "organizer"),
    ("vessel_used", "vessel used"),
    ("vehicle_used", "vehicle used"),
    ("phone_used", "phone used"),
    ("account_used", "account used"),
    ("document_used", "document used"),
    ("location", "location"),
    ("mentioned", "mentioned"),
]

RELATION_TYPES = [
    ("associate", "associate of", "associate of", "Associate"),
    ("family", "family member of", "family member of", "Family"),
    ("employee_of", "employee of", "employer of", "Employment"),
    ("owner_of", "owner of", "owned by", "Ownership"),
    ("driver_of", "driver of", "driven by", "UnknownLink"),
    ("crew_of", "crew of", "crewed by", "UnknownLink"),
    ("member_of", "member of", "has member", "UnknownLink"),
    ("uses", "uses", "used by", "UnknownLink"),
    ("holder_of", "holder of", "held by", "UnknownLink"),
    ("resides_at", "resides at", "residence of", "UnknownLink"),
    ("located_at", "located at", "location of", "UnknownLink"),
    ("linked_to", "linked to", "linked to", "UnknownLink"),
]

_ALL_CODES = "H0,H1,H2,H3"
RECIPIENTS = [
    ("AL", "Albania", "member-state", "CONFIDENTIAL", _ALL_CODES),
    ("BA", "Bosnia and Herzegovina", "member-state", "CONFIDENTIAL", _ALL_CODES),
    ("BG", "Bulgaria", "member-state", "CONFIDENTIAL", _ALL_CODES),
    ("GR", "Greece", "member-state", "CONFIDENTIAL", _ALL_CODES),
    ("HU", "Hungary", "member-state", "CONFIDENTIAL", _ALL_CODES),
    ("MD", "Moldova", "member-state", "CONFIDENTIAL", _ALL_CODES),
    ("ME", "Montenegro", "member-state", "CONFIDENTIAL", _ALL_CODES),
    ("MK", "North Macedonia", "member-state", "CONFIDENTIAL", _ALL_CODES),
    ("RO", "Romania", "member-state", "CONFIDENTIAL", _ALL_CODES),
    ("RS", "Serbia", "member-state", "CONFIDENTIAL", _ALL_CODES),
    ("TR", "Türkiye", "member-state", "CONFIDENTIAL", _ALL_CODES),
    ("PARTNER-AT", "Austria (operational partner)", "operational-partner", "RESTRICTED",
     "H0,H1,H2"),
    ("PARTNER-IT", "Italy (operational partner)", "operational-partner", "RESTRICTED",
     "H0,H1,H2"),
    ("PARTNER-UA", "Ukraine (operational partner)", "operational-partner", "RESTRICTED",
     "H0,H1,H2"),
    ("PARTNER-EUROPOL", "Europol", "operational-partner", "CONFIDENTIAL", "H0,H1,H2,H3"),
    ("PARTNER-INTERPOL", "INTERPOL", "operational-partner", "RESTRICTED", "H0,H1,H2"),
    ("OBS-GE", "Georgia (observer)", "observer", "UNCLASSIFIED", "H0,H1"),
    ("OBS-UNODC", "UNODC", "observer", "UNCLASSIFIED", "H0,H1"),
    ("OBS-WCO", "World Customs Organization", "observer", "UNCLASSIFIED", "H0,H1"),
]


def upgrade(conn: Any) -> None:
    for statement in SQL.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.executemany(
        "INSERT INTO ref_classifications (code, name, rank) VALUES (?, ?, ?)", CLASSIFICATIONS
    )
    conn.executemany(
        "INSERT INTO ref_crime_areas (code, name, description, position, active) "
        "VALUES (?, ?, ?, ?, 1)",
        [(c, n, d, i) for i, (c, n, d) in enumerate(CRIME_AREAS)],
    )
    conn.executemany(
        "INSERT INTO ref_grading_schemes (code, name, description, is_default, position) "
        "VALUES (?, ?, ?, ?, ?)",
        [(*row, i) for i, row in enumerate(GRADING_SCHEMES)],
    )
    conn.executemany(
        "INSERT INTO ref_grades (scheme_code, axis, code, wording, position) "
        "VALUES (?, ?, ?, ?, ?)",
        [(*row, i) for i, row in enumerate(GRADES)],
    )
    conn.executemany(
        "INSERT INTO ref_handling_codes (code, wording, needs_text, position) "
        "VALUES (?, ?, ?, ?)",
        [(*row, i) for i, row in enumerate(HANDLING_CODES)],
    )
    conn.executemany(
        "INSERT INTO ref_link_roles (code, name, position) VALUES (?, ?, ?)",
        [(*row, i) for i, row in enumerate(LINK_ROLES)],
    )
    conn.executemany(
        "INSERT INTO ref_relation_types (code, name, reverse_name, ftm_schema, position) "
        "VALUES (?, ?, ?, ?, ?)",
        [(*row, i) for i, row in enumerate(RELATION_TYPES)],
    )
    conn.executemany(
        "INSERT INTO ref_recipients (code, name, kind, highest_classification, handling_codes, "
        "active, position) VALUES (?, ?, ?, ?, ?, 1, ?)",
        [(*row, i) for i, row in enumerate(RECIPIENTS)],
    )
