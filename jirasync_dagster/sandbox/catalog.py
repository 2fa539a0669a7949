"""Static vocabularies the dataset draws from: people, workflow, priorities and words."""

FIRST_NAMES = (
    "Ada", "Bruno", "Chen", "Dana", "Emeka", "Freya", "Gita", "Hugo", "Ines", "Jonas",
    "Kaito", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq",
)
LAST_NAMES = ("Okafor", "Lindqvist", "Moreau", "Tanaka", "Silva", "Novak", "Haddad", "Kowalski")
USER_TIME_ZONES = ("America/Los_Angeles", "Europe/Berlin", "UTC", "Asia/Kolkata", "Pacific/Auckland")

# (id, name, status category key); a record stores the index into this tuple.
STATUSES = (
    ("10000", "To Do", "new"),
    ("3", "In Progress", "indeterminate"),
    ("10001", "In Review", "indeterminate"),
    ("10002", "Blocked", "indeterminate"),
    ("10003", "Done", "done"),
    ("6", "Closed", "done"),
    ("10004", "Won't Do", "done"),
)
STATUS_WEIGHTS = (20, 15, 8, 3, 35, 12, 7)
STATUS_INDEX = {name.lower(): i for i, (_, name, _) in enumerate(STATUSES)}
# How an issue reached each status: the seeded changelog replays this path.
STATUS_PATHS = {
    "To Do": ("To Do",),
    "In Progress": ("To Do", "In Progress"),
    "In Review": ("To Do", "In Progress", "In Review"),
    "Blocked": ("To Do", "In Progress", "Blocked"),
    "Done": ("To Do", "In Progress", "In Review", "Done"),
    "Closed": ("To Do", "In Progress", "In Review", "Done", "Closed"),
    "Won't Do": ("To Do", "Won't Do"),
}
# key -> (id, name, colour)
STATUS_CATEGORIES = {
    "new": (2, "To Do", "blue-gray"),
    "indeterminate": (4, "In Progress", "yellow"),
    "done": (3, "Done", "green"),
}
# (id, name, description); done statuses resolve with the one of the same index modulo.
RESOLUTIONS = (
    ("10000", "Done", "Work has been completed on this issue."),
    ("10001", "Won't Do", "This issue won't be actioned."),
    ("10002", "Duplicate", "The problem is a duplicate of an existing issue."),
)

PRIORITIES = (("1", "Highest"), ("2", "High"), ("3", "Medium"), ("4", "Low"), ("5", "Lowest"))
PRIORITY_WEIGHTS = (3, 15, 55, 20, 7)

# (id, name, hierarchy level, description)
ISSUE_TYPES = (
    ("10001", "Story", 0, "Functionality or a feature expressed as a user goal."),
    ("10002", "Bug", 0, "A problem or error."),
    ("10003", "Task", 0, "A small, distinct piece of work."),
    ("10000", "Epic", 1, "A big user story that needs to be broken down."),
)
ISSUE_TYPE_WEIGHTS = (40, 30, 25, 5)
ISSUE_TYPE_INDEX = {name.lower(): i for i, (_, name, _, _) in enumerate(ISSUE_TYPES)}
EPIC = ISSUE_TYPE_INDEX["epic"]

VERBS = ("Fix", "Add", "Improve", "Refactor", "Investigate", "Document", "Remove", "Migrate", "Speed up")
OBJECTS = (
    "login flow", "billing export", "search index", "audit log", "webhook retries", "CSV import",
    "dashboard filters", "rate limiter", "password reset", "SLA report", "mobile sync", "invoice PDF",
)
CONTEXTS = ("for enterprise customers", "on Safari", "after the upgrade", "in the EU region", "", "", "")
SENTENCES = (
    "Customers report intermittent failures when the request takes longer than thirty seconds.",
    "Steps to reproduce: open the page, apply two filters and export the result.",
    "The current implementation loads every row into memory before paginating.",
    "Acceptance: the operation completes in under two seconds for ten thousand records.",
    "See the linked incident for logs and the timeline of the outage.",
    "This blocks the quarterly release and needs an owner this sprint.",
    "We agreed in the design review to keep the old endpoint for one more version.",
    "Error rates spiked to four percent after Tuesday's deployment.",
)
COMPONENTS = ("Backend", "Frontend", "API", "Database", "Auth", "Billing", "Mobile", "Infrastructure")
LABELS = ("customer", "regression", "tech-debt", "security", "performance", "ux", "needs-triage", "q3")
TIERS = ("Bronze", "Silver", "Gold", "Platinum")
AREAS = ("Checkout", "Onboarding", "Reporting", "Notifications", "Integrations", "Admin")
TEAMS = ("Platform", "Growth", "Payments", "Core UX", "Data")
ENVIRONMENTS = ("Production, eu-west-1", "Staging", "Chrome 124 on macOS", "Android 14, app 5.2.1")
