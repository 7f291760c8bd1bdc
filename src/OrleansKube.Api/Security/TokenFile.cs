using System.Text;

namespace OrleansKube.Api.Security;

/// <summary>
/// kube-apiserver's static token file: CSV records <c>token,user,uid[,"group1,group2"]</c>, read as upstream's
/// tokenfile authenticator reads them (Go's encoding/csv: quoted fields, <c>""</c> escapes, no trimming, no comments;
/// an empty token is skipped; a repeated token keeps its last record).
/// </summary>
public sealed class TokenFile
{
    private readonly Dictionary<string, ApiUser> _users;

    private TokenFile(Dictionary<string, ApiUser> users, string? kubeconfigToken) => (_users, KubeconfigToken) = (users, kubeconfigToken);

    /// <summary>The token a generated kubeconfig carries: the file's first <c>system:masters</c> token, else its first token.</summary>
    public string? KubeconfigToken { get; }

    public int Count => _users.Count;

    public ApiUser? Authenticate(string token) => _users.GetValueOrDefault(token);

    public static TokenFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ApiSecurityException($"token file '{path}': {e.Message}", e);
        }

        return Parse(text, path);
    }

    public static TokenFile Parse(string text, string path)
    {
        var users = new Dictionary<string, ApiUser>(StringComparer.Ordinal);
        string? first = null, firstMaster = null;
        foreach (var (line, record) in Records(text, path))
        {
            if (record.Count < 3)
            {
                throw new ApiSecurityException($"token file '{path}' line {line}: must have at least 3 columns (token, user name, user uid), found {record.Count}");
            }

            var token = record[0];
            if (token.Length == 0)
            {
                continue;
            }

            var groups = record.Count >= 4 ? record[3].Split(',').Where(g => g.Length > 0).ToArray() : [];
            var user = new ApiUser(record[1], record[2], groups);
            users[token] = user;
            first ??= token;
            if (user.IsMaster)
            {
                firstMaster ??= token;
            }
        }

        if (users.Count == 0)
        {
            throw new ApiSecurityException($"token file '{path}' holds no tokens: nobody could use the API");
        }

        return new TokenFile(users, firstMaster ?? first);
    }

    /// <summary>The file's records with the line each starts on; blank lines hold none.</summary>
    private static IEnumerable<(int Line, List<string> Fields)> Records(string text, string path)
    {
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] is '\n' or '\r')
            {
                line += text[i] == '\n' ? 1 : 0;
                i++;
                continue;
            }

            var start = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            while (true)
            {
                if (i < text.Length && text[i] == '"')
                {
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw new ApiSecurityException($"token file '{path}' line {start}: extraneous or missing \" in quoted-field");
                        }

                        if (text[i] == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"')
                            {
                                field.Append('"');
                                i += 2;
                                continue;
                            }

                            i++;
                            break;
                        }

                        line += text[i] == '\n' ? 1 : 0;
                        field.Append(text[i++]);
                    }

                    if (i < text.Length && text[i] is not (',' or '\n' or '\r'))
                    {
                        throw new ApiSecurityException($"token file '{path}' line {line}: extraneous or missing \" in quoted-field");
                    }
                }
                else
                {
                    while (i < text.Length && text[i] is not (',' or '\n' or '\r'))
                    {
                        if (text[i] == '"')
                        {
                            throw new ApiSecurityException($"token file '{path}' line {line}: bare \" in non-quoted-field");
                        }

                        field.Append(text[i++]);
                    }
                }

                fields.Add(field.ToString());
                field.Clear();
                if (i < text.Length && text[i] == ',')
                {
                    i++;
                    continue;
                }

                break;
            }

            yield return (start, fields);
        }
    }
}
