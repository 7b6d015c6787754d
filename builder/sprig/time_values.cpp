// time.Time and its companions as template objects. Methods without
// arguments are fields ({{ now.Unix }}); the others are callable methods
// ({{ now.Format "2006" }}). Go methods with more than one result (Clock,
// Date, Zone, ISOWeek) cannot be called from a template; asking for them
// fails with text/template's message.
#include "builder/sprig/detail/time_values.hpp"

#include "builder/sprig/detail/data_support.hpp"

#include <array>
#include <map>
#include <mutex>

namespace airlock::sprig::data_detail {

namespace {
namespace time_objects {

using gotemplate::CallContext;
using gotemplate::Function;
using gotemplate::Object;
using gotemplate::Signature;
using gotemplate::Type;

const std::array<const char*, 12> month_names = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};
const std::array<const char*, 7> weekday_names = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                  "Thursday", "Friday", "Saturday"};

[[noreturn]] void wrong_type(const char* expected, const Value& got) {
    go_error(std::string("wrong type for value; expected ") + expected + "; got " +
             got.type_name());
}

// Methods are built on first use and live as long as their object, which
// the executor holds while it calls them.
class MethodTable {
  public:
    template <typename Make> const Function* find(std::string_view name, Make make) const {
        std::lock_guard lock(mutex_);
        if (const auto it = methods_.find(name); it != methods_.end()) {
            return &it->second;
        }
        std::optional<Function> made = make(name);
        if (!made) {
            return nullptr;
        }
        return &methods_.emplace(std::string(name), std::move(*made)).first->second;
    }

  private:
    mutable std::mutex mutex_;
    mutable std::map<std::string, Function, std::less<>> methods_;
};

// A named integer type whose %v is a name: time.Month, time.Weekday.
class NamedNumber : public Object {
  public:
    NamedNumber(std::string type, int value, std::string name)
        : type_(std::move(type)), value_(value), name_(std::move(name)) {}
    std::string type_name() const override { return type_; }
    std::string kind_name() const override { return "int"; }
    std::optional<Value> field(std::string_view name) const override {
        if (name == "String") {
            return Value::string(name_);
        }
        return std::nullopt;
    }
    std::string format() const override { return name_; }
    Value plain() const override { return Value::integer(value_); }

  private:
    std::string type_;
    int value_;
    std::string name_;
};

class LocationObject : public Object {
  public:
    explicit LocationObject(LocationPtr location) : location_(std::move(location)) {}
    std::string type_name() const override { return "*time.Location"; }
    std::string kind_name() const override { return "ptr"; }
    std::optional<Value> field(std::string_view name) const override {
        if (name == "String") {
            return Value::string(location_->name());
        }
        return std::nullopt;
    }
    std::string format() const override { return location_->name(); }
    // encoding/json sees no exported fields.
    Value plain() const override { return Value::map(gotemplate::Map{}); }
    const LocationPtr& location() const { return location_; }

  private:
    LocationPtr location_;
};

class DurationObject : public Object {
  public:
    explicit DurationObject(std::int64_t d) : d_(d) {}
    std::string type_name() const override { return "time.Duration"; }
    std::string kind_name() const override { return "int64"; }
    std::optional<Value> field(std::string_view name) const override {
        const std::int64_t hour = 3'600'000'000'000;
        const std::int64_t minute = 60'000'000'000;
        if (name == "Hours") {
            return Value::floating(static_cast<double>(d_ / hour) +
                                   static_cast<double>(d_ % hour) / (60 * 60 * 1e9));
        }
        if (name == "Minutes") {
            return Value::floating(static_cast<double>(d_ / minute) +
                                   static_cast<double>(d_ % minute) / (60 * 1e9));
        }
        if (name == "Seconds") {
            return Value::floating(static_cast<double>(d_ / nanoseconds_per_second) +
                                   static_cast<double>(d_ % nanoseconds_per_second) / 1e9);
        }
        if (name == "Milliseconds") {
            return Value::int64(d_ / 1'000'000);
        }
        if (name == "Microseconds") {
            return Value::int64(d_ / 1'000);
        }
        if (name == "Nanoseconds") {
            return Value::int64(d_);
        }
        if (name == "String") {
            return Value::string(go_duration_string(d_));
        }
        if (name == "Abs") {
            return duration_value(d_ >= 0 ? d_ : (d_ == INT64_MIN ? INT64_MAX : -d_));
        }
        return std::nullopt;
    }
    const Function* method(std::string_view name) const override {
        return methods_.find(name, [this](std::string_view wanted) -> std::optional<Function> {
            if (wanted == "Round") {
                return Function{Signature{{Type::any}, false, Type::any},
                                [this](CallContext&, std::vector<Value>& args) {
                                    return duration_value(
                                        go_duration_round(d_, require_duration(args[0])));
                                }};
            }
            if (wanted == "Truncate") {
                return Function{Signature{{Type::any}, false, Type::any},
                                [this](CallContext&, std::vector<Value>& args) {
                                    const std::int64_t m = require_duration(args[0]);
                                    return duration_value(m <= 0 ? d_ : d_ - d_ % m);
                                }};
            }
            return std::nullopt;
        });
    }
    std::string format() const override { return go_duration_string(d_); }
    Value plain() const override { return Value::int64(d_); }
    std::int64_t duration() const { return d_; }

  private:
    std::int64_t d_;
    MethodTable methods_;
};

class TimeObject : public Object {
  public:
    explicit TimeObject(GoTime time) : time_(std::move(time)) {}
    std::string type_name() const override { return "time.Time"; }
    std::string kind_name() const override { return "struct"; }

    std::optional<Value> field(std::string_view name) const override {
        const GoTime& t = time_;
        if (name == "Unix") {
            return Value::int64(t.unix_seconds);
        }
        if (name == "UnixMilli") {
            return Value::int64(wrap(static_cast<std::uint64_t>(t.unix_seconds) * 1000u +
                                     static_cast<std::uint64_t>(t.nanoseconds / 1'000'000)));
        }
        if (name == "UnixMicro") {
            return Value::int64(wrap(static_cast<std::uint64_t>(t.unix_seconds) * 1'000'000u +
                                     static_cast<std::uint64_t>(t.nanoseconds / 1000)));
        }
        if (name == "UnixNano") {
            return Value::int64(wrap(static_cast<std::uint64_t>(t.unix_seconds) * 1'000'000'000u +
                                     static_cast<std::uint64_t>(t.nanoseconds)));
        }
        if (name == "Nanosecond") {
            return Value::integer(t.nanoseconds);
        }
        if (name == "UTC") {
            return time_value(t.in(GoLocation::utc()));
        }
        if (name == "Local") {
            return time_value(t.in(GoLocation::local()));
        }
        if (name == "String") {
            return Value::string(t.string());
        }
        if (name == "GoString") {
            return Value::string(t.go_string());
        }
        if (name == "IsZero") {
            return Value::boolean(t.is_zero());
        }
        if (name == "Location") {
            return Value::object(
                std::make_shared<LocationObject>(t.location ? t.location : GoLocation::utc()));
        }
        if (name == "IsDST") {
            return Value::boolean(t.zone().lookup(t.unix_seconds).is_dst);
        }
        if (name == "MarshalJSON") {
            return Value::bytes("\"" + marshal_text() + "\"");
        }
        if (name == "MarshalText") {
            return Value::bytes(marshal_text());
        }
        if (name == "Clock" || name == "Date") {
            go_error("function " + std::string(name) + " has 3 return values; should be 1 or 2");
        }
        if (name == "Zone" || name == "ISOWeek") {
            go_error("invalid function signature for " + std::string(name) +
                     ": second return value should be error; is int");
        }
        if (name == "Year" || name == "Month" || name == "Day" || name == "Hour" ||
            name == "Minute" || name == "Second" || name == "YearDay" || name == "Weekday") {
            const CivilTime c = t.civil();
            if (name == "Year") {
                return Value::integer(c.year);
            }
            if (name == "Month") {
                return Value::object(std::make_shared<NamedNumber>(
                    "time.Month", c.month, month_names[static_cast<std::size_t>(c.month - 1)]));
            }
            if (name == "Weekday") {
                return Value::object(std::make_shared<NamedNumber>(
                    "time.Weekday", c.weekday, weekday_names[static_cast<std::size_t>(c.weekday)]));
            }
            if (name == "Day") {
                return Value::integer(c.day);
            }
            if (name == "Hour") {
                return Value::integer(c.hour);
            }
            if (name == "Minute") {
                return Value::integer(c.minute);
            }
            if (name == "Second") {
                return Value::integer(c.second);
            }
            return Value::integer(c.year_day);
        }
        return std::nullopt;
    }

    const Function* method(std::string_view name) const override {
        return methods_.find(name, [this](std::string_view wanted) { return make_method(wanted); });
    }

    std::string format() const override { return time_.string(); }
    // encoding/json writes Time.MarshalJSON's RFC 3339 text.
    Value plain() const override { return Value::string(marshal_text()); }
    const GoTime& time() const { return time_; }

  private:
    static std::int64_t wrap(std::uint64_t v) { return static_cast<std::int64_t>(v); }

    std::string marshal_text() const {
        const std::int64_t year = time_.civil().year;
        if (year < 0 || year > 9999) {
            go_error("Time.MarshalJSON: year outside of range [0,9999]");
        }
        return time_.rfc3339_nano();
    }

    std::optional<Function> make_method(std::string_view name) const {
        const Signature one_any{{Type::any}, false, Type::any};
        auto bind = [this](auto body) {
            return
                [this, body](CallContext&, std::vector<Value>& args) { return body(time_, args); };
        };
        if (name == "Format") {
            return Function{Signature{{Type::string}, false, Type::string},
                            bind([](const GoTime& t, std::vector<Value>& args) {
                                return Value::string(t.format(args[0].as_string()));
                            })};
        }
        if (name == "Add") {
            return Function{one_any, bind([](const GoTime& t, std::vector<Value>& args) {
                                return time_value(t.add(require_duration(args[0])));
                            })};
        }
        if (name == "AddDate") {
            return Function{Signature{{Type::int_, Type::int_, Type::int_}, false, Type::any},
                            bind([](const GoTime& t, std::vector<Value>& args) {
                                return time_value(t.add_date(args[0].as_int(), args[1].as_int(),
                                                             args[2].as_int()));
                            })};
        }
        if (name == "Sub") {
            return Function{one_any, bind([](const GoTime& t, std::vector<Value>& args) {
                                return duration_value(t.sub(require_time(args[0])));
                            })};
        }
        if (name == "After" || name == "Before" || name == "Equal" || name == "Compare") {
            const std::string which(name);
            return Function{
                Signature{{Type::any}, false, which == "Compare" ? Type::int_ : Type::boolean},
                bind([which](const GoTime& t, std::vector<Value>& args) {
                    const int order = t.compare(require_time(args[0]));
                    if (which == "Compare") {
                        return Value::integer(order);
                    }
                    if (which == "After") {
                        return Value::boolean(order > 0);
                    }
                    if (which == "Before") {
                        return Value::boolean(order < 0);
                    }
                    return Value::boolean(order == 0);
                })};
        }
        if (name == "Truncate" || name == "Round") {
            const bool round = name == "Round";
            return Function{one_any, bind([round](const GoTime& t, std::vector<Value>& args) {
                                const std::int64_t d = require_duration(args[0]);
                                return time_value(round ? t.round(d) : t.truncate(d));
                            })};
        }
        if (name == "In") {
            return Function{one_any, bind([](const GoTime& t, std::vector<Value>& args) {
                                const Value& arg = args[0];
                                if (arg.kind() != Kind::object) {
                                    wrong_type("*time.Location", arg);
                                }
                                const auto* location =
                                    dynamic_cast<const LocationObject*>(&arg.as_object());
                                if (location == nullptr) {
                                    wrong_type("*time.Location", arg);
                                }
                                return time_value(t.in(location->location()));
                            })};
        }
        return std::nullopt;
    }

    GoTime time_;
    MethodTable methods_;
};

} // namespace time_objects
} // namespace

Value time_value(GoTime time) {
    return Value::object(std::make_shared<time_objects::TimeObject>(std::move(time)));
}

Value duration_value(std::int64_t duration) {
    return Value::object(std::make_shared<time_objects::DurationObject>(duration));
}

const GoTime* time_of(const Value& v) {
    if (v.kind() != Kind::object) {
        return nullptr;
    }
    const auto* object = dynamic_cast<const time_objects::TimeObject*>(&v.as_object());
    return object == nullptr ? nullptr : &object->time();
}

const GoTime& require_time(const Value& v) {
    const GoTime* t = time_of(v);
    if (t == nullptr) {
        time_objects::wrong_type("time.Time", v);
    }
    return *t;
}

std::int64_t require_duration(const Value& v) {
    if (v.kind() == Kind::integer) {
        return v.as_int();
    }
    if (v.kind() == Kind::object) {
        if (const auto* d = dynamic_cast<const time_objects::DurationObject*>(&v.as_object())) {
            return d->duration();
        }
    }
    time_objects::wrong_type("time.Duration", v);
}

} // namespace airlock::sprig::data_detail
