// Result: the value a Target returns, anything printable as a string.
#pragma once

#include <concepts>
#include <memory>
#include <sstream>
#include <string>
#include <type_traits>
#include <typeinfo>

namespace pusher {

namespace detail {
template <typename T>
concept HasToString = requires(const T& t) {
    {t.toString()};
};
template <typename T>
concept HasToStdString = requires(const T& t) {
    { t.toStdString() } -> std::convertible_to<std::string>;
};
template <typename T>
concept Streamable = requires(std::ostream& os, const T& t) {
    {os << t};
};
template <typename T>
std::string printValue(const T& value) {
    if constexpr (std::convertible_to<const T&, std::string>) {
        return std::string(value);
    } else if constexpr (std::is_same_v<T, bool>) {
        return value ? "true" : "false";
    } else if constexpr (std::is_arithmetic_v<T>) {
        return std::to_string(value);
    } else if constexpr (HasToStdString<T>) {
        return value.toStdString();
    } else if constexpr (HasToString<T>) {
        return printValue(value.toString());
    } else {
        std::ostringstream out;
        out << value;
        return out.str();
    }
}
} // namespace detail

// Printable is what a Result can hold: strings, numbers, and types with toString(),
// toStdString() or an operator<<.
template <typename T>
concept Printable = std::convertible_to<const T&, std::string> || std::is_arithmetic_v<T> ||
    detail::HasToString<T> || detail::HasToStdString<T> || detail::Streamable<T>;

// Result is a type-erased, immutable, cheaply copyable value returned by a Target.
// A default Result is empty and prints as "".
class Result {
public:
    Result() = default;
    template <typename T>
    requires(!std::same_as<std::decay_t<T>, Result> && Printable<std::decay_t<T>>)
        Result(T&& value) // NOLINT(google-explicit-constructor): results are values
        : m_value(std::make_shared<Model<Stored<T>>>(std::forward<T>(value))) {}

    [[nodiscard]] bool hasValue() const noexcept { return m_value != nullptr; }
    [[nodiscard]] std::string toString() const {
        return m_value ? m_value->toString() : std::string();
    }

    // as returns the held value when it has type T, else nullptr.
    template <typename T>
    [[nodiscard]] const T* as() const noexcept {
        if (!m_value || m_value->type() != typeid(T))
            return nullptr;
        return &static_cast<const Model<T>*>(m_value.get())->value;
    }

private:
    // String literals are stored as std::string so that the Result owns its text.
    template <typename T>
    using Stored = std::conditional_t<std::is_convertible_v<std::decay_t<T>, const char*>,
                                      std::string, std::decay_t<T>>;
    struct Concept {
        virtual ~Concept() = default;
        [[nodiscard]] virtual std::string toString() const = 0;
        [[nodiscard]] virtual const std::type_info& type() const noexcept = 0;
    };
    template <typename T>
    struct Model final : Concept {
        template <typename U>
        explicit Model(U&& v)
            : value(std::forward<U>(v)) {}
        [[nodiscard]] std::string toString() const override { return detail::printValue(value); }
        [[nodiscard]] const std::type_info& type() const noexcept override { return typeid(T); }
        T value;
    };
    std::shared_ptr<const Concept> m_value;
};

} // namespace pusher
