using System.IO.Compression;
using System.Text;

namespace Kumo.Testing;

/// <summary>Builds zip files in memory, including the hostile ones no well-behaved tool would make.</summary>
public static class Zips
{
    public const int RegularFile = 0x8000;
    public const int SymbolicLink = 0xA000;

    public static MemoryStream Make(params (string Name, string Content, int UnixMode)[] entries)
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content, mode) in entries)
            {
                var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
                entry.ExternalAttributes = mode << 16;
                using var stream = entry.Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        zip.Position = 0;
        return zip;
    }

    /// <summary>A regular file with the given permission bits, such as 0755.</summary>
    public static int File(int permissions) => RegularFile | permissions;

    /// <summary>A symbolic link entry; its content is the target.</summary>
    public static int Link => SymbolicLink | 0b111_111_111;
}
