"""Translated names for things the engine names in English.

The engine's parameter table (:mod:`engine.parameters`) is the single source
of names, units and ranges; these functions only put them into the user's
language.  Each string is spelled out so ``pyside6-lupdate`` finds it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from engine.parameters import ParameterSpec

__all__ = ["parameter_description", "parameter_label", "parameter_unit"]



def parameter_label(spec: ParameterSpec) -> str:
    labels = {
        "efficiency_multiple": QCoreApplication.translate("Parameter", "Efficiency multiple"),
        "adoption": QCoreApplication.translate("Parameter", "Adoption"),
        "adoption_halflife_q": QCoreApplication.translate("Parameter", "Adoption half-life"),
        "elasticity_short": QCoreApplication.translate("Parameter", "Elasticity, short run"),
        "elasticity_long": QCoreApplication.translate("Parameter", "Elasticity, long run"),
        "elasticity_halflife_q": QCoreApplication.translate("Parameter", "Elasticity half-life"),
        "asic_shift": QCoreApplication.translate("Parameter", "ASIC shift"),
        "gpu_price_change": QCoreApplication.translate("Parameter", "GPU price change"),
        "sentiment_shock": QCoreApplication.translate("Parameter", "Sentiment shock"),
        "sentiment_halflife_q": QCoreApplication.translate("Parameter", "Sentiment half-life"),
        "market_shock": QCoreApplication.translate("Parameter", "Market shock"),
        "usd_jpy_change": QCoreApplication.translate("Parameter", "USD vs base currency"),
        "horizon_q": QCoreApplication.translate("Parameter", "Horizon"),
    }
    return labels.get(spec.name, spec.label)


def parameter_unit(spec: ParameterSpec) -> str:
    units = {
        "×": "×",
        "share": QCoreApplication.translate("Parameter", "share"),
        "quarters": QCoreApplication.translate("Parameter", "quarters"),
        "fraction": QCoreApplication.translate("Parameter", "fraction"),
        "log points": QCoreApplication.translate("Parameter", "log points"),
        "return": QCoreApplication.translate("Parameter", "return"),
        "": "",
    }
    return units.get(spec.unit, spec.unit)


def parameter_description(spec: ParameterSpec) -> str:
    texts = {
        "efficiency_multiple": QCoreApplication.translate(
            "Parameter", "Compute needed per unit of AI capability falls by this factor on the "
            "workloads that adopt the technique (DeepSeek's headline: about 10x)."),
        "adoption": QCoreApplication.translate("Parameter", "Share of AI compute that adopts the technique by the end "
                       "of the ramp."),
        "adoption_halflife_q": QCoreApplication.translate(
            "Parameter", "Quarters until half of the final adoption (and of the ASIC shift and "
            "GPU price change) has happened."),
        "elasticity_short": QCoreApplication.translate(
            "Parameter", "Price elasticity of demand for AI capability right after the shock. "
            "Below 1, cheaper AI means less compute bought."),
        "elasticity_long": QCoreApplication.translate(
            "Parameter", "The same elasticity in the long run. Above 1 is the Jevons paradox: "
            "cheaper AI ends up using more compute."),
        "elasticity_halflife_q": QCoreApplication.translate(
            "Parameter", "Quarters for half of the move from the short-run to the long-run "
            "elasticity."),
        "asic_shift": QCoreApplication.translate("Parameter", "Share of GPU spend that moves to custom ASICs and other "
                         "accelerators by the end of the ramp."),
        "gpu_price_change": QCoreApplication.translate(
            "Parameter", "Change in the price of a unit of GPU compute by the end of the ramp "
            "(pricing power); -0.2 means 20% cheaper."),
        "sentiment_shock": QCoreApplication.translate(
            "Parameter", "Immediate de-rating of the AI-infrastructure narrative; a company with "
            "full narrative exposure loses exp(-s) of its value on day one."),
        "sentiment_halflife_q": QCoreApplication.translate("Parameter", "Quarters for half of the de-rating to fade."),
        "market_shock": QCoreApplication.translate("Parameter", "Move of the broad market outside the AI complex; each "
                           "holding moves by its beta times this."),
        "usd_jpy_change": QCoreApplication.translate(
            "Parameter", "Change of the US dollar against the holder's base currency (and every "
            "other currency); -0.01 means the dollar buys 1% fewer yen (or euros …)."),
        "horizon_q": QCoreApplication.translate("Parameter", "How far ahead the scenario runs, in quarters."),
    }
    return texts.get(spec.name, spec.description)
