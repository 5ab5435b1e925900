"""PartnerOps: partner operations beside the CRM, with explainable attribution and honest statistics."""

__version__ = "0.1.0"
