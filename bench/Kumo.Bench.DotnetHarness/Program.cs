using System.Text.Json;

// The bare baseline: the same handler in a plain process, events in on stdin and results out on stdout.
var function = new Bench.Function();
while (Console.ReadLine() is { } line)
{
    var result = function.Handle(JsonDocument.Parse(line).RootElement);
    Console.WriteLine(JsonSerializer.Serialize(result));
}
