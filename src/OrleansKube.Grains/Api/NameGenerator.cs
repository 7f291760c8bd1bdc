namespace OrleansKube.Grains.Api;

/// <summary>Upstream's <c>generateName</c>: the prefix plus five random characters from an alphabet without vowels or look-alikes.</summary>
public static class NameGenerator
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Generate(string prefix)
    {
        // Upstream trims the prefix so the result stays within 63 characters.
        var trimmed = prefix.Length > 58 ? prefix[..58] : prefix;
        return trimmed + string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
            }
        });
    }
}
