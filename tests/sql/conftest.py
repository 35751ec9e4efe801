"""The hand-made worlds of tests/sql/worlds/, one small warehouse each, built once per session and
shared by the tests of core models, metrics and scorecard that read them."""

from tests.sql.worlds.catalog import catalog_con  # noqa: F401
from tests.sql.worlds.dossiers import circulation, overdue, received, resolved, versions  # noqa: F401
from tests.sql.worlds.evaluations import evaluations_con  # noqa: F401
from tests.sql.worlds.feedback import feedback_con  # noqa: F401
from tests.sql.worlds.index766 import example_ac, rules_world  # noqa: F401
from tests.sql.worlds.index766_portal import example_ac_portal  # noqa: F401
from tests.sql.worlds.registers import registers_con  # noqa: F401
