"""cchc: administrative-reform (cải cách hành chính) reporting for Vietnamese provinces."""

__version__ = "0.1.0"
