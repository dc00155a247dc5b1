#!/usr/bin/python3
# test-swagger-ui.py: the tutorial's clicks on herald-sandbox's docs page, in
# a real browser.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts a real herald-sandbox (each flavour in turn) and headless Chromium
# driven by WebDriver (chromedriver, python3-selenium). On the docs page
# (<API root>/doc/, Swagger UI as build-aux/swagger-ui-dist.pin pins it) it
# does what the tutorial says: a request before Authorize is refused (401
# shown), Authorize with the sandbox's user and password, then POST
# /capabilities: Try it out, the tutorial's body, Execute. The page must show
# 200 and the stored capability; the capability must exist afterwards, asked
# over the API with curl's equivalent (urllib). TAP output.
#
#   test-swagger-ui.py HERALD-SANDBOX

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from herald_test import note, tap  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

# The tutorial's body for step 1, as it prints it.
TUTORIAL_CAPABILITY = '''{
"name": "MyCapability",
  "properties": [
    {
      "name" : "LED",
      "dataType" : "boolean"
    },
    {
      "name" : "Buzzer",
      "dataType" : "boolean"
    },
    {
      "name" : "Speed",
      "dataType" : "float",
      "unitOfMeasure" : "mph"
    }
  ]
}'''


def lines(*texts):
    """TAP diagnostics: one line each."""
    return [line for text in texts for line in str(text).splitlines()]


def start_sandbox(program, flavor, tmp):
    data = os.path.join(tmp, 'data-' + flavor)
    log = open(os.path.join(tmp, 'sandbox-%s.log' % flavor), 'w')
    process = subprocess.Popen([program, '--data-dir', data, '--http-port', '0', '--mqtt-port', '0',
                                '--flavor', flavor, '--key-type', 'ec'],
                               stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    path = os.path.join(data, 'sandbox.json')
    for _ in range(300):
        if os.path.exists(path) or process.poll() is not None:
            break
        time.sleep(0.1)
    if not os.path.exists(path):
        process.kill()
        raise RuntimeError('herald-sandbox did not start: see ' + log.name)
    with open(path) as f:
        return process, json.load(f)


def api(info, method, path):
    request = urllib.request.Request(info['api_url'] + path, method=method)
    token = base64.b64encode(('%s:%s' % (info['user'], info['password'])).encode()).decode()
    request.add_header('Authorization', 'Basic ' + token)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read() or b'null')
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b'null')


def start_browser():
    options = webdriver.ChromeOptions()
    # As root Chromium needs --no-sandbox; /dev/shm may be small in a VM.
    for argument in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
                     '--window-size=1280,1600', '--lang=en-US'):
        options.add_argument(argument)
    options.binary_location = shutil.which('chromium') or '/usr/bin/chromium'
    service = Service(shutil.which('chromedriver') or '/usr/bin/chromedriver')
    return webdriver.Chrome(service=service, options=options)


def operation(driver, wait, op_id):
    """Opens an operation's block (once) and returns it."""
    block = wait.until(EC.presence_of_element_located((By.ID, op_id)))
    if 'is-open' not in block.get_attribute('class'):
        block.find_element(By.CSS_SELECTOR, '.opblock-summary-control').click()
        wait.until(lambda d: 'is-open' in d.find_element(By.ID, op_id).get_attribute('class'))
    return driver.find_element(By.ID, op_id)


def try_it_out(driver, wait, op_id, body=None):
    """Try it out, the body typed as a learner pastes it, Execute: returns
    (the code shown, the response body shown)."""
    block = operation(driver, wait, op_id)
    block.find_element(By.CSS_SELECTOR, 'button.try-out__btn').click()
    if body is not None:
        area = wait.until(lambda d: d.find_element(By.ID, op_id).find_element(By.CSS_SELECTOR,
                                                                             'textarea.body-param__text'))
        area.send_keys(Keys.CONTROL, 'a')
        area.send_keys(Keys.DELETE)
        area.send_keys(body)
    block.find_element(By.CSS_SELECTOR, 'button.execute').click()
    status = wait.until(lambda d: d.find_element(By.ID, op_id).find_element(
        By.CSS_SELECTOR, '.live-responses-table .response .response-col_status'))
    code = status.text.split()[0]
    shown = block.find_element(By.CSS_SELECTOR, '.live-responses-table .response-col_description pre').text
    # Back to its first state, for the next try.
    block.find_element(By.CSS_SELECTOR, 'button.try-out__btn').click()
    return code, shown


def check_flavor(program, flavor, tmp, driver):
    process, info = start_sandbox(program, flavor, tmp)
    wait = WebDriverWait(driver, 20)
    try:
        driver.get(info['api_url'] + '/doc/')
        try:
            wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, '.scheme-container button.authorize')))
        except TimeoutException:
            tap(False, '%s: the docs page shows Swagger UI with Authorize' % flavor,
                lines('(a build without Swagger UI? build-aux/setup fetches it)',
                      *driver.get_log('browser')))
            return
        title = driver.find_element(By.CSS_SELECTOR, '.info .title').text
        tap('herald-sandbox IoT Service API' in title,
            '%s: the docs page shows Swagger UI with Authorize' % flavor, ['title: ' + title])

        # Before Authorize: the request goes out without credentials.
        code, shown = try_it_out(driver, wait, 'operations-Capabilities-get_capabilities')
        tap(code == '401', '%s: GET /capabilities before Authorize shows 401' % flavor,
            lines('code shown: ' + code, shown[:200]))

        # Authorize with the sandbox's user and password.
        driver.find_element(By.CSS_SELECTOR, '.scheme-container button.authorize').click()
        dialog = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, '.modal-ux')))
        dialog.find_element(By.ID, 'auth-basic-username').send_keys(info['user'])
        dialog.find_element(By.ID, 'auth-basic-password').send_keys(info['password'])
        dialog.find_element(By.CSS_SELECTOR, 'button.modal-btn.authorize').click()
        logged_in = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, '.modal-ux .auth-btn-wrapper').text)
        tap('Logout' in logged_in, '%s: Authorize takes the user and password' % flavor,
            lines('buttons: ' + logged_in))
        dialog.find_element(By.CSS_SELECTOR, 'button.btn-done').click()
        wait.until(EC.invisibility_of_element_located((By.CSS_SELECTOR, '.modal-ux')))

        # Step 1 of the tutorial: Try it out on POST /capabilities.
        code, shown = try_it_out(driver, wait, 'operations-Capabilities-post_capabilities',
                                 TUTORIAL_CAPABILITY)
        try:
            created = json.loads(shown)
        except ValueError:
            created = {}
        tap(code == '200' and created.get('name') == 'MyCapability' and 'id' in created
            and 'alternateId' in created,
            '%s: POST /capabilities with the tutorial\'s body shows 200 and the capability' % flavor,
            lines('code shown: ' + code, shown[:300]))

        # The capability exists afterwards, asked over the API.
        status, stored = api(info, 'GET', '/capabilities/%s' % created.get('id', 'none'))
        names = [p.get('name') for p in (stored or {}).get('properties', [])] if status == 200 else []
        tap(status == 200 and stored.get('name') == 'MyCapability' and names == ['LED', 'Buzzer', 'Speed']
            and stored['properties'][2].get('unitOfMeasure') == 'mph',
            '%s: the capability exists afterwards, as the body said (GET over the API)' % flavor,
            ['status %d: %s' % (status, json.dumps(stored)[:300])])

        # The page's GET now lists it too, authorized.
        code, shown = try_it_out(driver, wait, 'operations-Capabilities-get_capabilities')
        tap(code == '200' and 'MyCapability' in shown,
            '%s: GET /capabilities after Authorize lists it' % flavor, ['code shown: ' + code])

        # Swagger UI's licence is served beside it (Apache-2.0).
        driver.get(info['api_url'] + '/doc/LICENSE')
        tap('Apache License' in driver.find_element(By.TAG_NAME, 'body').text,
            '%s: Swagger UI\'s licence is served at doc/LICENSE' % flavor)
    finally:
        process.terminate()
        process.wait(timeout=20)


def main():
    program = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix='swagger-ui-')
    driver = None
    print('1..14')
    try:
        driver = start_browser()
        for flavor in ('classic', 'tenant'):
            note('The docs page of the %s flavour' % flavor)
            check_flavor(program, flavor, tmp, driver)
    finally:
        if driver is not None:
            driver.quit()
        shutil.rmtree(tmp, ignore_errors=True)
    import herald_test
    sys.exit(1 if herald_test.tap_failed or herald_test.tap_count != 14 else 0)


if __name__ == '__main__':
    main()
