"""Admin pages for assessment (system administrators)."""

from django.contrib import admin

from .models import Objection, Scheme

admin.site.register(Scheme)
admin.site.register(Objection)
