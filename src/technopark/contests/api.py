"""API router of contests."""

from ninja import Router

router = Router()
