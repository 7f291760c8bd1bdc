namespace OrleansKube.Api.Security;

/// <summary>Writes keys, certificates and kubeconfigs whole (a temporary file renamed) and, when secret, readable by the user only.</summary>
public static class PrivateFiles
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnly | UnixFileMode.UserExecute);
        }
    }

    public static void Write(string path, string text, bool secret)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            CreateDirectory(directory);
        }

        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (secret && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var writer = new StreamWriter(temporary, options))
        {
            writer.Write(text);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
