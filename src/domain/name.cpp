#include "domain/name.hpp"

#include <string>

#include "domain/text.hpp"

namespace turnus::domain {

namespace {

bool is_control(char32_t c) { return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029; }

bool is_bidi_control(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
}

// Characters that draw nothing: the spaces of every width, the zero-width characters, the
// soft hyphen, the invisible operators, the variation selectors and the fillers of Hangul
// and Mongolian, which are the usual ways to make a name look empty.
bool is_invisible(char32_t c) {
  switch (c) {
    case 0x0009:
    case 0x000A:
    case 0x000D:
    case 0x0020:
    case 0x00A0:
    case 0x00AD:
    case 0x034F:
    case 0x115F:
    case 0x1160:
    case 0x1680:
    case 0x180E:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0x3164:
    case 0xFEFF:
    case 0xFFA0: return true;
    default: break;
  }
  return (c >= 0x2000 && c <= 0x200D) || (c >= 0x2060 && c <= 0x2064) || (c >= 0xFE00 && c <= 0xFE0F) ||
         (c >= 0xE0100 && c <= 0xE01EF);
}

std::string str(std::string_view s) { return std::string(s); }

}  // namespace

NameProblem name_problem(std::string_view name, std::size_t max_characters) {
  std::size_t characters = 0;
  bool visible = false;
  NameProblem found = NameProblem::none;
  for (std::size_t i = 0; i < name.size();) {
    const CodePoint d = decode_utf8(name, i);
    if (d.bytes == 0) return NameProblem::invalid_utf8;
    if (found == NameProblem::none) {
      if (is_control(d.value))
        found = NameProblem::control;
      else if (is_bidi_control(d.value))
        found = NameProblem::bidi;
    }
    if (!is_invisible(d.value)) visible = true;
    ++characters;
    i += d.bytes;
  }
  // Nothing to see is "empty" whatever it is made of: that is what the person sees.
  if (!visible) return NameProblem::empty;
  if (found != NameProblem::none) return found;
  if (characters > max_characters) return NameProblem::too_long;
  return NameProblem::none;
}

void check_name(Violations& v, std::string_view field, std::string_view name, std::string_view label_de,
                std::string_view label_en, std::size_t max_characters) {
  const std::string limit = std::to_string(max_characters);
  switch (name_problem(name, max_characters)) {
    case NameProblem::none: return;
    case NameProblem::empty:
      v.add(str(field), str(label_de) + " darf nicht leer sein und muss sichtbare Zeichen enthalten.",
            str(label_en) + " must not be empty and must contain visible characters.");
      return;
    case NameProblem::too_long:
      v.add(str(field), str(label_de) + " darf höchstens " + limit + " Zeichen lang sein.",
            str(label_en) + " must be at most " + limit + " characters long.");
      return;
    case NameProblem::invalid_utf8:
      v.add(str(field), str(label_de) + " ist kein gültiger UTF-8-Text.", str(label_en) + " is not valid UTF-8 text.");
      return;
    case NameProblem::control:
      v.add(str(field), str(label_de) + " darf keine Steuerzeichen oder Zeilenumbrüche enthalten.",
            str(label_en) + " must not contain control characters or line breaks.");
      return;
    case NameProblem::bidi:
      v.add(
          str(field),
          str(label_de) + " darf keine Steuerzeichen für die Schreibrichtung enthalten (U+202A–U+202E, U+2066–U+2069).",
          str(label_en) + " must not contain text direction controls (U+202A–U+202E, U+2066–U+2069).");
      return;
  }
}

}  // namespace turnus::domain
