using System.Runtime.InteropServices;
using System.Text;

namespace Kumo.Native;

/// <summary>A NULL-terminated array of NUL-terminated UTF-8 strings, as execve and posix_spawn take them.</summary>
/// <remarks>Shared as source by kumo-init and the sandbox driver, the two places that spawn processes by hand.</remarks>
internal static unsafe class CStringArray
{
    public static byte** Allocate(IReadOnlyList<string> values)
    {
        var array = (byte**)NativeMemory.AllocZeroed((nuint)(values.Count + 1), (nuint)sizeof(byte*));
        for (var i = 0; i < values.Count; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(values[i]);
            var text = (byte*)NativeMemory.Alloc((nuint)bytes.Length + 1);
            bytes.CopyTo(new Span<byte>(text, bytes.Length));
            text[bytes.Length] = 0;
            array[i] = text;
        }

        return array;
    }

    public static void Free(byte** array)
    {
        for (var p = array; *p != null; p++)
        {
            NativeMemory.Free(*p);
        }

        NativeMemory.Free(array);
    }
}
