using System.Text;
using System.Text.Json;

namespace Kumo.Cli.Invoke;

/// <summary>The event of <c>kumo invoke --payload</c>: inline JSON, or <c>@FILE</c> to read it from a file.</summary>
internal static class InvokePayload
{
    public const string Empty = "{}";

    /// <summary>The payload's bytes, or null with <paramref name="problem"/> saying why it cannot be sent.</summary>
    public static byte[]? Read(string? option, string currentDirectory, out string? problem)
    {
        problem = null;
        byte[] payload;
        string source;
        if (option is ['@', .. var file])
        {
            var path = Path.GetFullPath(file, currentDirectory);
            source = $"payload file '{file}'";
            if (file.Length == 0 || !File.Exists(path))
            {
                problem = $"{source} does not exist: give --payload @FILE with a JSON file, or the JSON itself";
                return null;
            }

            try
            {
                payload = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problem = $"{source} cannot be read: {e.Message}";
                return null;
            }
        }
        else
        {
            payload = Encoding.UTF8.GetBytes(option ?? Empty);
            source = "--payload";
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            problem = $"{source} is not JSON ({e.Message}): give a JSON document such as '{{\"key\":\"value\"}}', or @FILE to read one from a file";
            return null;
        }

        return payload;
    }
}
