"""The SMS keywords and their fixed texts, as the CTIA guidelines ask: STOP / START / HELP, the
privacy notice of a first message, and the reply to a message without text.

The English keywords are Twilio's default opt-out words (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END,
QUIT, REVOKE, OPTOUT) plus START/UNSTOP and HELP/INFO. Spanish ones (PARAR, CANCELAR, ALTO,
DETENER; COMENZAR, REANUDAR; AYUDA) are added as Twilio's Advanced Opt-Out lets a Messaging
Service add them (they must be configured there too, README "SMS").

Every fixed text is in English and Spanish (`language`: "en" or "es", anything else is English).
The channel picks the language (bot/channels/sms/twilio.py): a Spanish keyword is answered in
Spanish, everything else in the conversation's language (the Rasa slot `language`). The Spanish
notice, options line (options.py) and no-text reply are GSM-7 (no á, í, ó, ú), so they never make
a reply UCS-2 on their own."""

from __future__ import annotations

import enum


class Keyword(enum.Enum):
    STOP = "stop"
    START = "start"
    HELP = "help"


# keyword -> (what it does, the language it is answered in)
KEYWORDS: dict[str, tuple[Keyword, str]] = {
    **{w: (Keyword.STOP, "en") for w in
       ("stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "opt out")},
    **{w: (Keyword.STOP, "es") for w in ("parar", "cancelar", "alto", "detener")},
    **{w: (Keyword.START, "en") for w in ("start", "unstop")},
    **{w: (Keyword.START, "es") for w in ("comenzar", "reanudar")},
    **{w: (Keyword.HELP, "en") for w in ("help", "info")},
    **{w: (Keyword.HELP, "es") for w in ("ayuda",)},
}  # fmt: skip


def read_keyword(text: str) -> tuple[Keyword, str] | None:
    """A STOP/START/HELP keyword and its language: the whole message, in any case, with
    surrounding spaces and trailing punctuation ("Stop.", " opt-out ", "¡Alto!") allowed; a
    keyword inside a sentence ("I want it to end") is not one."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    words = " ".join(text.replace("-", " ").replace("_", " ").split()).casefold()
    words = words.strip(" .!?,;:'\"¡¿")
    if words == "optout":
        words = "opt out"
    return KEYWORDS.get(words)


def classify_keyword(text: str) -> Keyword | None:
    """What a keyword message does, in either language (`read_keyword` without the language)."""
    found = read_keyword(text)
    return found[0] if found else None


def privacy_notice(center: str, language: str = "en") -> str:
    """The one line added to the first reply to a number (GSM-7, one segment on its own). The
    Spanish one is as short as the English one, so the first reply to "hola" (the long Spanish
    greeting) keeps "Hablar con alguien" as an option next to it; AYUDA says it all in full."""
    if language == "es":
        return (
            f"Textos automatizados de {center}. No comparta datos de salud. "
            "Pueden aplicar tarifas de msj y datos. PARAR para cancelar."
        )
    return (
        f"Automated texts from {center}. Don't share private health info. "
        "Msg & data rates may apply. Reply STOP to opt out."
    )


def help_text(center: str, hotline: str, language: str = "en") -> str:
    """The HELP answer; it also says everything the privacy notice says."""
    if language == "es":
        return (
            f"{center}: mensajes automáticos sobre nuestros programas; no comparta datos "
            f"privados de salud. Hable con una persona 24/7 al {hotline}. En crisis, llame al "
            "988 y marque 2. Pueden aplicar tarifas de mensajes y datos. Responda PARAR para "
            "no recibir más."
        )
    return (
        f"{center}: automated texts about our programs; please don't share private health "
        f"details. Talk to a person 24/7 at {hotline}. In crisis, call or text 988. "
        "Msg & data rates may apply. Reply STOP to opt out."
    )


def opt_out_text(center: str, hotline: str, language: str = "en") -> str:
    if language == "es":
        return (
            f"Ya no recibirá más mensajes de {center}. Responda COMENZAR para volver a "
            f"recibirlos. Para hablar con alguien 24/7, llame al {hotline}."
        )
    return (
        f"You won't get more texts from {center}. Reply START to resubscribe. "
        f"To talk to someone 24/7, call {hotline}."
    )


def opt_in_text(center: str, language: str = "en") -> str:
    if language == "es":
        return (
            f"Volverá a recibir mensajes de {center}. Pueden aplicar tarifas de mensajes y "
            "datos. Responda AYUDA para ayuda, PARAR para no recibir más."
        )
    return (
        f"You're resubscribed to {center} texts. "
        "Msg & data rates may apply. Reply HELP for help, STOP to opt out."
    )


def unreadable_text(hotline: str, language: str = "en") -> str:
    """For a message without text (a picture only)."""
    if language == "es":
        return (
            "Lo siento, solo puedo leer mensajes de texto. Para hablar con alguien 24/7, "
            f"llame al {hotline}."
        )
    return f"Sorry, I can only read text messages. To talk with someone 24/7, call {hotline}."
