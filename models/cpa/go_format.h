// Go's text for values that appear inside upstream error messages, so that an error
// tunnelsim reports reads exactly as the CPA pod would log it.
//   QuoteGoChar: encoding/json's quoteChar (the 'x' in "invalid character 'x' ...").
//   FormatGoFloat: fmt's %v for a float64 (shortest digits; %e form below 1e-4 and from 1e6).
// Pure functions, no allocation beyond the returned string.
#pragma once

#include <string>

namespace tunnelsim::cpa {

std::string QuoteGoChar(unsigned char c);
std::string FormatGoFloat(double value);

}  // namespace tunnelsim::cpa
