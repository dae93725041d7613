using System.Text;

// A function that talks to the Runtime API itself, as AWS executable-assembly functions do.
var api = $"http://{Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API")}/2018-06-01/runtime";
using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
while (true)
{
    using var next = await http.GetAsync($"{api}/invocation/next");
    var requestId = next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").First();
    var input = await next.Content.ReadAsStringAsync();
    Console.WriteLine($"executable main got {input}");
    using var body = new StringContent($"{{\"from\":\"main\",\"input\":{input}}}", Encoding.UTF8, "application/json");
    using var posted = await http.PostAsync($"{api}/invocation/{requestId}/response", body);
}
