using System.Security.Cryptography;
using System.Text;

namespace Kumo.Sandbox.Tests.Stems;

/// <summary>
/// A function's code where the code cache unpacks packages — <c>{data}/code/{sha256}</c>, folders 0755 — the only
/// place a stem cell takes code from. Removed on dispose.
/// </summary>
internal sealed class CachedCode : IDisposable
{
    private CachedCode(string path) => Path = path;

    public string Path { get; }

    public static CachedCode Write(SandboxLayout layout, params (string Path, string Content, bool Executable)[] files)
    {
        var path = System.IO.Path.Combine(layout.CodeCache, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        foreach (var (name, content, executable) in files)
        {
            var full = System.IO.Path.Combine(path, name);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content.ReplaceLineEndings("\n"), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.SetUnixFileMode(full, executable ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
        }

        return new CachedCode(path);
    }

    /// <summary>A copy of <paramref name="source"/> (such as a built function's output folder) in the cache.</summary>
    public static CachedCode Copy(SandboxLayout layout, string source)
    {
        var code = Write(layout);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(code.Path, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return code;
    }

    public SandboxSpec Spec(string runtime, string handler, string function = "test-function", int memoryMb = 512, IReadOnlyDictionary<string, string>? environment = null) => new()
    {
        FunctionName = function,
        FunctionArn = $"arn:aws:lambda:us-east-1:000000000000:function:{function}",
        Runtime = runtime,
        Handler = handler,
        CodeDirectory = Path,
        MemoryMb = memoryMb,
        Timeout = TimeSpan.FromSeconds(10),
        Environment = environment ?? new Dictionary<string, string>(),
    };

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
