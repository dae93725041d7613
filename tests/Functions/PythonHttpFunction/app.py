# HTTP handlers written as they are for API Gateway and Lambda function URLs on AWS, with nothing of Kumo in
# them. `handler` takes payload format 2.0; `handler_v1` takes payload format 1.0.
import base64
import json


def handler(event, context):
    headers = event['headers']
    body = event.get('body')
    if body is not None and event.get('isBase64Encoded'):
        body = base64.b64decode(body).decode('utf-8')
    item = json.loads(body) if body else None
    return {
        'statusCode': 201 if event['requestContext']['http']['method'] == 'POST' else 200,
        'headers': {'Content-Type': 'application/json', 'Location': event['rawPath'] + '/1'},
        'body': json.dumps({
            'rawPath': event['rawPath'],
            'method': event['requestContext']['http']['method'],
            'contentType': headers.get('content-type'),
            'custom': headers.get('x-custom'),
            'query': event.get('queryStringParameters') or {},
            'pathParameters': event.get('pathParameters') or {},
            'cookies': event.get('cookies', []),
            'item': item,
            'functionName': context.function_name,
        }),
    }


def handler_v1(event, context):
    tags = (event.get('multiValueQueryStringParameters') or {}).get('tag', [])
    return {
        'statusCode': 200,
        'multiValueHeaders': {
            'Content-Type': ['application/json'],
            'X-Tag': tags,
            'Set-Cookie': ['session=s1; Path=/; HttpOnly', 'lang=en; Path=/'],
        },
        'body': json.dumps({
            'method': event['httpMethod'],
            'resource': event['resource'],
            'path': event['path'],
            'pathParameters': event['pathParameters'],
            'tags': tags,
            'body': event['body'],
        }),
    }
