#pragma once
// PRIVATE to builder/sprig: the arbitrary-precision decimal arithmetic that
// sprig's addf, subf, mulf and divf run on (shopspring/decimal v1.4.0):
// operands enter as the shortest decimal that reads back as the float64,
// sums and products are exact, a quotient is rounded half away from zero to
// 16 decimal places, and the result is the float64 nearest the exact value.
#include <cstdint>
#include <memory>

namespace airlock::sprig::data_detail {

class Decimal {
  public:
    // NewFromFloat; throws Go's panic message for NaN and infinities.
    static Decimal from_float(double f);
    Decimal(Decimal&&) noexcept;
    Decimal& operator=(Decimal&&) noexcept;
    ~Decimal();

    Decimal add(const Decimal& other) const;
    Decimal sub(const Decimal& other) const;
    Decimal mul(const Decimal& other) const;
    // Throws "decimal division by 0".
    Decimal div(const Decimal& other) const;
    double to_float() const;

  private:
    struct State;
    explicit Decimal(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

} // namespace airlock::sprig::data_detail
