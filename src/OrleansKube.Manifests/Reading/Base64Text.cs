namespace OrleansKube.Manifests.Reading;

/// <summary>Where standard base64 text goes wrong, counted as Go's <c>encoding/base64</c> counts it (its CorruptInputError offset).</summary>
public static class Base64Text
{
    /// <summary>The offset of the first byte that makes <paramref name="text"/> invalid base64 (line breaks are skipped, as Go does).</summary>
    public static int FirstIllegalByte(string text)
    {
        var quantumStart = 0;
        var inQuantum = 0;
        var padding = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                continue;
            }

            if (c == '=')
            {
                // Padding may only end a quantum that holds two or three symbols.
                if (inQuantum < 2)
                {
                    return i;
                }

                padding = true;
                inQuantum++;
            }
            else if (padding || !IsSymbol(c))
            {
                return i;
            }
            else
            {
                if (inQuantum == 0)
                {
                    quantumStart = i;
                }

                inQuantum++;
            }

            if (inQuantum == 4)
            {
                inQuantum = 0;
                if (padding)
                {
                    // Nothing may follow a padded quantum.
                    return i + 1 < text.Length ? i + 1 : text.Length;
                }
            }
        }

        return inQuantum == 0 ? text.Length : quantumStart;
    }

    private static bool IsSymbol(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/';
}
