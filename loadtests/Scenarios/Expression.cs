using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansKube.LoadTests.Scenarios;

/// <summary>
/// A scenario's <c>${…}</c> placeholders: arithmetic over its params (<c>+ - * /</c>, parentheses, numbers,
/// param names), as ClusterLoader2's templates compute counts from <c>NODES</c> and <c>PODS_PER_NODE</c>.
/// </summary>
public static partial class Expression
{
    /// <summary>Replaces every <c>${expr}</c> in <paramref name="text"/> with its value; <paramref name="field"/> names the field in errors.</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, double> values, string field) =>
        Placeholder().Replace(text, m => Evaluate(m.Groups[1].Value, values, field).ToString(CultureInfo.InvariantCulture));

    public static double Evaluate(string expression, IReadOnlyDictionary<string, double> values, string field)
    {
        var parser = new Parser(expression, values, field);
        var value = parser.Sum();
        parser.End();
        return value;
    }

    [GeneratedRegex(@"\$\{([^}]*)\}")]
    private static partial Regex Placeholder();

    private sealed class Parser(string text, IReadOnlyDictionary<string, double> values, string field)
    {
        private int _at;

        public double Sum()
        {
            var value = Product();
            while (true)
            {
                if (Take('+'))
                {
                    value += Product();
                }
                else if (Take('-'))
                {
                    value -= Product();
                }
                else
                {
                    return value;
                }
            }
        }

        public void End()
        {
            Skip();
            if (_at < text.Length)
            {
                throw Fail($"unexpected \"{text[_at..]}\"");
            }
        }

        private double Product()
        {
            var value = Unary();
            while (true)
            {
                if (Take('*'))
                {
                    value *= Unary();
                }
                else if (Take('/'))
                {
                    var divisor = Unary();
                    value = divisor == 0 ? throw Fail("division by zero") : value / divisor;
                }
                else
                {
                    return value;
                }
            }
        }

        private double Unary() => Take('-') ? -Unary() : Atom();

        private double Atom()
        {
            Skip();
            if (Take('('))
            {
                var inner = Sum();
                return Take(')') ? inner : throw Fail("missing \")\"");
            }

            var start = _at;
            while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] is '.' or '_'))
            {
                _at++;
            }

            var token = text[start.._at];
            if (token.Length == 0)
            {
                throw Fail(_at < text.Length ? $"unexpected \"{text[_at]}\"" : "a value is missing");
            }

            if (char.IsDigit(token[0]))
            {
                return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : throw Fail($"\"{token}\" is not a number");
            }

            return values.TryGetValue(token, out var value) ? value : throw Fail($"unknown param \"{token}\" (known: {string.Join(", ", values.Keys)})");
        }

        private bool Peek(char c)
        {
            Skip();
            return _at < text.Length && text[_at] == c;
        }

        private bool Take(char c)
        {
            if (!Peek(c))
            {
                return false;
            }

            _at++;
            return true;
        }

        private void Skip()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
        }

        private ScenarioException Fail(string reason) => new($"{field}: Invalid value: \"${{{text}}}\": {reason}");
    }
}
