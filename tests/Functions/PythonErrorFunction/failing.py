# A Python function that always raises, for the tests of function errors (X-Amz-Function-Error: Unhandled).
class OrderRejected(Exception):
    pass


def handler(event, context):
    raise OrderRejected(f"order {event.get('orderId')} rejected")
