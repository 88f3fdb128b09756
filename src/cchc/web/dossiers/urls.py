"""Pages of the dossier figures."""

from cchc.web.dossiers.views import urlpatterns

__all__ = ["urlpatterns"]
