using System.Globalization;
using System.Text.Json.Serialization;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Model.Resources;

/// <summary>
/// A Kubernetes resource quantity (<c>500m</c>, <c>128Mi</c>, <c>1e3</c>). Values are exact decimals,
/// rounded up to nano units as upstream does, compared by value and printed in upstream's canonical form.
/// </summary>
[JsonConverter(typeof(QuantityJsonConverter))]
public readonly struct Quantity : IEquatable<Quantity>, IComparable<Quantity>
{
    private const decimal Nano = 0.000000001m;

    // int64 max: upstream caps binary-SI quantities there.
    private const decimal MaxBinary = 9223372036854775807m;

    private static readonly Dictionary<string, int> DecimalSuffixes = new(StringComparer.Ordinal)
    {
        ["n"] = -9, ["u"] = -6, ["m"] = -3, [""] = 0, ["k"] = 3, ["M"] = 6, ["G"] = 9, ["T"] = 12, ["P"] = 15, ["E"] = 18,
    };

    private static readonly Dictionary<string, int> BinarySuffixes = new(StringComparer.Ordinal)
    {
        ["Ki"] = 10, ["Mi"] = 20, ["Gi"] = 30, ["Ti"] = 40, ["Pi"] = 50, ["Ei"] = 60,
    };

    // Recently formatted quantities (see ToString).
    private static readonly Caching.RecentValues<(decimal Amount, QuantityFormat Format), string> Formatted = new(1024);

    public Quantity(decimal value, QuantityFormat format)
    {
        Amount = value;
        Format = format;
    }

    public static Quantity Zero => default;

    /// <summary>The exact value in base units (cores, bytes, count).</summary>
    public decimal Amount { get; }

    public QuantityFormat Format { get; }

    public bool IsZero => Amount == 0;

    /// <summary>The value in thousandths, rounded up away from zero (upstream's <c>MilliValue</c>).</summary>
    public long MilliValue => (long)RoundAwayFromZero(Amount * 1000);

    /// <summary>The value rounded up away from zero to an integer (upstream's <c>Value</c>).</summary>
    public long Value => (long)RoundAwayFromZero(Amount);

    public static Quantity Parse(string text) =>
        TryParse(text, out var quantity) ? quantity : throw new FormatException($"Invalid value: \"{text}\": must be a quantity");

    public static Quantity FromMilli(long milli) => new(milli / 1000m, QuantityFormat.DecimalSI);

    public static Quantity FromInteger(long value, QuantityFormat format = QuantityFormat.DecimalSI) => new(value, format);

    public static bool TryParse(string? text, out Quantity quantity)
    {
        quantity = default;
        if (string.IsNullOrEmpty(text) || !TrySplit(text, out var negative, out var number, out var suffix))
        {
            return false;
        }

        if (!TryInterpretSuffix(suffix, out var numberBase, out var exponent, out var format))
        {
            return false;
        }

        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        try
        {
            amount = Scale(amount, numberBase, exponent);
        }
        catch (OverflowException)
        {
            return false;
        }

        // Upstream rounds any non-zero value up to the smallest representable unit (1n).
        amount = RoundUpToNano(amount);
        if (format == QuantityFormat.BinarySI && amount > MaxBinary)
        {
            amount = MaxBinary;
        }

        if (format == QuantityFormat.BinarySI && amount is > 0 and < 1)
        {
            format = QuantityFormat.DecimalSI;
        }

        quantity = new Quantity(negative ? -amount : amount, format);
        return true;
    }

    public Quantity Add(Quantity other) => new(Amount + other.Amount, IsZero ? other.Format : Format);

    public Quantity Subtract(Quantity other) => new(Amount - other.Amount, IsZero ? other.Format : Format);

    public int CompareTo(Quantity other) => Amount.CompareTo(other.Amount);

    public bool Equals(Quantity other) => Amount == other.Amount;

    public override bool Equals(object? obj) => obj is Quantity other && Equals(other);

    public override int GetHashCode() => Amount.GetHashCode();

    public static bool operator ==(Quantity left, Quantity right) => left.Equals(right);

    public static bool operator !=(Quantity left, Quantity right) => !left.Equals(right);

    public static bool operator <(Quantity left, Quantity right) => left.CompareTo(right) < 0;

    public static bool operator >(Quantity left, Quantity right) => left.CompareTo(right) > 0;

    public static bool operator <=(Quantity left, Quantity right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Quantity left, Quantity right) => left.CompareTo(right) >= 0;

    /// <summary>
    /// The canonical form upstream serializes: <c>0.5</c> ⇒ <c>500m</c>, <c>1000</c> ⇒ <c>1k</c>, <c>1024Mi</c> ⇒ <c>1Gi</c>.
    /// A cluster holds few distinct quantities and writes them in every pod's and node's JSON: recent ones are kept,
    /// in a direct-mapped table (equal values give the same text whatever their scale).
    /// </summary>
    public override string ToString()
    {
        if (Amount == 0)
        {
            return "0";
        }

        return Formatted.GetOrAdd((Amount, Format), this, static (_, quantity) => quantity.Canonical());
    }

    private string Canonical()
    {
        var format = Format;
        if (format == QuantityFormat.BinarySI && (Math.Abs(Amount) < 1024 || decimal.Truncate(Amount) != Amount))
        {
            format = QuantityFormat.DecimalSI;
        }

        return format == QuantityFormat.BinarySI ? FormatBinary(Amount) : FormatDecimal(Amount, format);
    }

    private static string FormatBinary(decimal amount)
    {
        var exponent = 0;
        while (exponent < 60 && amount % 1024 == 0)
        {
            amount /= 1024;
            exponent += 10;
        }

        var suffix = exponent == 0 ? "" : BinarySuffixes.First(s => s.Value == exponent).Key;
        return amount.ToString("0", CultureInfo.InvariantCulture) + suffix;
    }

    private static string FormatDecimal(decimal amount, QuantityFormat format)
    {
        // Split into an integer mantissa and a power of ten, move factors of ten into the
        // exponent, then bring the exponent to a multiple of three as upstream does.
        var scale = (amount.Scale);
        var mantissa = amount * Pow10(scale);
        mantissa = decimal.Truncate(mantissa);
        var exponent = -scale;
        while (mantissa % 10 == 0)
        {
            mantissa /= 10;
            exponent++;
        }

        while (exponent % 3 != 0)
        {
            mantissa *= 10;
            exponent--;
        }

        var digits = mantissa.ToString("0", CultureInfo.InvariantCulture);
        if (exponent == 0)
        {
            return digits;
        }

        if (format == QuantityFormat.DecimalSI)
        {
            foreach (var (suffix, power) in DecimalSuffixes)
            {
                if (power == exponent)
                {
                    return digits + suffix;
                }
            }
        }

        return digits + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    private static bool TrySplit(string text, out bool negative, out string number, out string suffix)
    {
        negative = false;
        number = suffix = "";
        var pos = 0;
        if (text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            pos++;
        }

        var start = pos;
        while (pos < text.Length && char.IsAsciiDigit(text[pos]))
        {
            pos++;
        }

        if (pos < text.Length && text[pos] == '.')
        {
            pos++;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]))
            {
                pos++;
            }
        }

        number = text[start..pos];
        if (!number.Any(char.IsAsciiDigit))
        {
            return false;
        }

        suffix = text[pos..];
        return true;
    }

    private static bool TryInterpretSuffix(string suffix, out int numberBase, out int exponent, out QuantityFormat format)
    {
        numberBase = 10;
        format = QuantityFormat.DecimalSI;
        if (DecimalSuffixes.TryGetValue(suffix, out exponent))
        {
            return true;
        }

        if (BinarySuffixes.TryGetValue(suffix, out exponent))
        {
            numberBase = 2;
            format = QuantityFormat.BinarySI;
            return true;
        }

        format = QuantityFormat.DecimalExponent;
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E')
        {
            var digits = suffix[1..];
            var body = digits.TrimStart('+', '-');
            return digits.Length - body.Length <= 1 && body.Length is > 0 and < 6 && body.All(char.IsAsciiDigit)
                && int.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent);
        }

        return false;
    }

    private static decimal Scale(decimal amount, int numberBase, int exponent)
    {
        if (amount == 0 || exponent == 0)
        {
            return amount;
        }

        if (numberBase == 2)
        {
            return amount * (1L << exponent);
        }

        if (exponent < -28)
        {
            // Far below a nano: rounds up to 1n.
            return Nano;
        }

        return exponent > 0 ? checked(amount * Pow10(exponent)) : amount / Pow10(-exponent);
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result = checked(result * 10);
        }

        return result;
    }

    private static decimal RoundUpToNano(decimal amount)
    {
        var nanos = amount * 1_000_000_000m;
        var whole = decimal.Truncate(nanos);
        return whole == nanos ? amount : (whole + 1) / 1_000_000_000m;
    }

    private static decimal RoundAwayFromZero(decimal value)
    {
        var truncated = decimal.Truncate(value);
        return truncated == value ? value : truncated + Math.Sign(value);
    }

}
