namespace OrleansKube.Model.Selection;

/// <summary>
/// Parses the string form of a label selector as kubectl's <c>-l</c> takes it:
/// <c>app=web,tier!=db,env in (a,b),!canary,release notin (x),replicas&gt;2</c>.
/// </summary>
public static class SelectorParser
{
    public static Selector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Selector.Everything;
        }

        var requirements = new List<Requirement>();
        var reader = new Reader(text);
        while (true)
        {
            requirements.Add(ParseRequirement(ref reader));
            reader.SkipSpaces();
            if (reader.AtEnd)
            {
                break;
            }

            reader.Expect(',');
        }

        return new Selector(requirements);
    }

    private static Requirement ParseRequirement(ref Reader reader)
    {
        reader.SkipSpaces();
        if (reader.TryTake('!'))
        {
            var negated = ReadKey(ref reader);
            return new Requirement(negated, SelectorOperator.DoesNotExist, []);
        }

        var key = ReadKey(ref reader);
        reader.SkipSpaces();
        if (reader.AtEnd || reader.Peek == ',')
        {
            return new Requirement(key, SelectorOperator.Exists, []);
        }

        if (reader.TryTake("!="))
        {
            return new Requirement(key, SelectorOperator.NotEquals, [ReadValue(ref reader)]);
        }

        if (reader.TryTake("==") || reader.TryTake('='))
        {
            return new Requirement(key, SelectorOperator.Equals, [ReadValue(ref reader)]);
        }

        if (reader.TryTake('>'))
        {
            return new Requirement(key, SelectorOperator.GreaterThan, [ReadInteger(ref reader)]);
        }

        if (reader.TryTake('<'))
        {
            return new Requirement(key, SelectorOperator.LessThan, [ReadInteger(ref reader)]);
        }

        var word = reader.ReadWhile(char.IsAsciiLetter);
        var op = word switch
        {
            "in" => SelectorOperator.In,
            "notin" => SelectorOperator.NotIn,
            _ => throw reader.Error($"found '{(word.Length > 0 ? word : reader.Peek.ToString())}', expected: '=', '!=', '==', 'in', 'notin'"),
        };
        reader.SkipSpaces();
        reader.Expect('(');
        var values = new List<string>();
        while (true)
        {
            reader.SkipSpaces();
            values.Add(ReadValue(ref reader));
            reader.SkipSpaces();
            if (reader.TryTake(')'))
            {
                break;
            }

            reader.Expect(',');
        }

        return new Requirement(key, op, values);
    }

    private static string ReadKey(ref Reader reader)
    {
        reader.SkipSpaces();
        var key = reader.ReadWhile(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/');
        if (key.Length == 0)
        {
            throw reader.Error("expected a label key");
        }

        var problem = NameRules.CheckQualifiedName(key);
        return problem is null ? key : throw reader.Error($"invalid label key \"{key}\": {problem}");
    }

    private static string ReadValue(ref Reader reader)
    {
        reader.SkipSpaces();
        var value = reader.ReadWhile(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
        var problem = NameRules.CheckLabelValue(value);
        return problem is null ? value : throw reader.Error($"invalid label value: \"{value}\": {problem}");
    }

    private static string ReadInteger(ref Reader reader)
    {
        reader.SkipSpaces();
        var value = reader.ReadWhile(c => char.IsAsciiDigit(c) || c == '-');
        return long.TryParse(value, out _) ? value : throw reader.Error($"for 'Gt', 'Lt' operators, the value must be an integer, got \"{value}\"");
    }

    private ref struct Reader(string text)
    {
        private int _pos;

        public readonly bool AtEnd => _pos >= text.Length;

        public readonly char Peek => AtEnd ? '\0' : text[_pos];

        public void SkipSpaces()
        {
            while (!AtEnd && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        public bool TryTake(char c)
        {
            if (Peek != c)
            {
                return false;
            }

            _pos++;
            return true;
        }

        public bool TryTake(string s)
        {
            if (string.CompareOrdinal(text, _pos, s, 0, s.Length) != 0)
            {
                return false;
            }

            _pos += s.Length;
            return true;
        }

        public void Expect(char c)
        {
            if (!TryTake(c))
            {
                throw Error(AtEnd ? $"expected '{c}' at the end" : $"found '{Peek}', expected: '{c}'");
            }
        }

        public string ReadWhile(Func<char, bool> accept)
        {
            var start = _pos;
            while (!AtEnd && accept(text[_pos]))
            {
                _pos++;
            }

            return text[start.._pos];
        }

        public readonly FormatException Error(string message) =>
            new($"unable to parse requirement: {message} (in selector \"{text}\" at {_pos})");
    }
}
