"""The checks of the indicator models pass on every hand-made world (one fact per record, the
favourable records in the denominator), and the required columns are declared."""

import yaml

from pipelines.contract import ENTITIES
from pipelines.settings import SQL_DIR

INDICATORS = sorted(p for p in (SQL_DIR / "index766").glob("ind_*") if p.is_dir())


OWN = ("3.1", "3.2", "3.3", "3.TT", "3.5a", "3.5b", "3.6", "4.1", "4.2", "4.3", "4.4", "4.5a", "4.5b", "4.6", "5.1",
       "5.2", "5.3", "5.4")  # fmt: skip


def test_eighteen_indicators_with_their_metadata():
    found = {}
    for folder in INDICATORS:
        md = yaml.safe_load((folder / "metadata.yaml").read_text(encoding="utf-8"))
        found[md["indicator_id"]] = (folder, md)
    for own in OWN:
        folder, md = found[own]
        assert md["name"] == folder.name == "ind_" + own.replace(".", "_").lower()
        assert md["kind"] == "index766_indicator"
        assert md["counting_unit"] in ("dossier", "tthc", "service_pair", "pakn", "commune")
        assert md["definition_vi"] and md["definition_en"]
        assert md["required_columns"], folder.name
        for ref in md["required_columns"]:
            entity, _, column = ref.partition(".")
            assert column in ENTITIES[entity], ref
        assert (folder / "checks.sql").is_file()


def test_no_failed_check_in_the_worlds(example_a, example_b, rules, absent):
    from tests.sql.index766.conftest import BUILDS

    assert set(BUILDS) == {"example_a", "example_b", "rules", "absent"}
    for name, res in BUILDS.items():
        assert [c["name"] for c in res.failed_checks] == [], name
        # the indicator checks ran (and passed)
        ran = {c["name"] for c in res.checks}
        assert "ind_3_3_one_fact_per_record" in ran and "ind_5_4_favourable_in_denominator" in ran
