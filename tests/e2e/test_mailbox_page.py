"""Issue #13: the sandbox's mailbox page in a real headless browser (Debian's Chromium, which
``scripts/test`` installs when it is missing): a staff invitation sent over HTTP is listed, and opening
it renders the message with its temporary password."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.staff import persona

INVITEE = "browser-check.oh.aslp@staff.sandbox.example"


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not (chromium and driver_path):
        pytest.fail(
            "Chromium and its driver are missing: scripts/test installs them (scripts/ensure_browser)"
        )
    options = Options()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()


def test_a_sent_invitation_is_listed_and_renders(sandbox, browser):
    manifest = sandbox.manifest
    invited = persona(manifest, "compact-admin").call(
        "POST",
        "/v1/compacts/aslp/staff-users",
        {
            "attributes": {"email": INVITEE, "givenName": "Browser", "familyName": "Check"},
            "permissions": {"aslp": {"jurisdictions": {"oh": {"actions": {"readPrivate": True}}}}},
        },
    )
    assert invited.status_code == 200, invited.text

    browser.get(f"{manifest['mailbox']}/?{urlencode({'to': INVITEE})}")
    wait = WebDriverWait(browser, 20, ignored_exceptions=(StaleElementReferenceException,))
    invitation = (By.XPATH, f"//li[contains(., '{INVITEE}') and contains(., 'Welcome to CompactConnect')]")
    wait.until(expected_conditions.element_to_be_clickable(invitation))
    assert len(browser.find_elements(By.CSS_SELECTOR, "#list li")) == 1  # the page shows only their mail
    wait.until(lambda driver: driver.find_element(*invitation).click() or True)

    frame = wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "#reader iframe")))
    browser.switch_to.frame(frame)
    body = wait.until(expected_conditions.presence_of_element_located((By.TAG_NAME, "body")))
    assert "temporary password" in body.text and INVITEE in body.text
    assert body.find_element(By.TAG_NAME, "h1").text == "Welcome to CompactConnect"
