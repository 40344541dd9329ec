"""Stance of an evidence document towards a claim: agree, disagree, discuss or unrelated (FNC-1)."""

LABELS = ("agree", "disagree", "discuss", "unrelated")
