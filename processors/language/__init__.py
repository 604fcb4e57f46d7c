"""Language identification of title + text (pycld2 ships its own model; letters.yaml corrects it)."""

from processors.language.detect import UNDETERMINED, LanguageGuess, detect_language

__all__ = ["LanguageGuess", "UNDETERMINED", "detect_language"]
