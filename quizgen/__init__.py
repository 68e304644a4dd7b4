"""quizgen: compile item banks keyed to course readings into decks, quizzes and LMS packages."""

__version__ = "0.1.0"
