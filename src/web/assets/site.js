// Dossier public site: small enhancements only. Every page works without
// this script: citations can be selected by hand, scans open at full size.
(() => {
  'use strict';

  const status = document.querySelector('.copy-status');
  const announce = (message) => {
    if (status) status.textContent = message;
  };

  // "Copy" buttons beside each citation: rich text (keeps italics) where the browser allows, plain text otherwise.
  for (const button of document.querySelectorAll('[data-copy-target]')) {
    const target = document.getElementById(button.dataset.copyTarget);
    if (!target || !navigator.clipboard) continue;
    const label = button.firstChild;
    button.hidden = false;
    button.addEventListener('click', async () => {
      const text = target.innerText.replace(/\s+/g, ' ').trim();
      try {
        if (window.ClipboardItem && navigator.clipboard.write) {
          await navigator.clipboard.write([
            new ClipboardItem({
              'text/plain': new Blob([text], { type: 'text/plain' }),
              'text/html': new Blob([target.innerHTML], { type: 'text/html' }),
            }),
          ]);
        } else {
          await navigator.clipboard.writeText(text);
        }
        label.textContent = 'Copied';
        button.classList.add('copy-button--done');
        announce('Citation copied to the clipboard.');
        setTimeout(() => {
          label.textContent = 'Copy';
          button.classList.remove('copy-button--done');
        }, 2500);
      } catch {
        const range = document.createRange();
        range.selectNodeContents(target);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        announce('The citation is selected; press Control+C or Command+C to copy it.');
      }
    });
  }

  // Scan viewer: OpenSeadragon over the pages' IIIF tiles, opened from a page's thumbnail, or, for a PDF
  // without page images, from a button that reads the pages from the document's IIIF manifest.
  const viewer = document.getElementById('scan-viewer');
  if (viewer && window.OpenSeadragon) {
    let pages = JSON.parse(viewer.dataset.pages || '[]');
    const canvas = document.getElementById('scan-viewer-canvas');
    const pageStatus = viewer.querySelector('.scan-viewer__status');
    let osd;
    const showPage = (n) => {
      if (pageStatus) pageStatus.textContent = pages.length > 1 ? `Page ${n + 1} of ${pages.length}` : '';
      canvas.setAttribute('aria-label', `Zoomable scan: ${pages[n] ? pages[n].label : ''}`);
    };
    const open = (index) => {
      viewer.hidden = false;
      if (!osd) {
        // OpenSeadragon would inject a <style> hiding the viewer's focus outline on touch screens; the
        // site's CSP refuses inline styles, and the outline should stay. An empty marker tells it not to.
        const marker = document.createElement('style');
        marker.setAttribute('data-openseadragon-mobile-css', 'true');
        document.head.appendChild(marker);
        osd = window.OpenSeadragon({
          element: canvas,
          // Each page's IIIF info.json (level 0 tiles); a remote image without one is shown whole.
          tileSources: pages.map((p) => p.info || { type: 'image', url: p.url, buildPyramid: true }),
          sequenceMode: pages.length > 1,
          showNavigationControl: false,
          showSequenceControl: false,
          showNavigator: true,
          navigatorPosition: 'BOTTOM_RIGHT',
          visibilityRatio: 0.8,
          minZoomImageRatio: 0.8,
          maxZoomPixelRatio: 4,
          gestureSettingsMouse: { clickToZoom: true, scrollToZoom: true },
          crossOriginPolicy: false,
        });
        osd.addHandler('page', (e) => showPage(e.page));
      }
      if (pages.length > 1) osd.goToPage(index);
      showPage(index);
      viewer.scrollIntoView({ block: 'start', behavior: 'smooth' });
      const focusable = canvas.querySelector('[tabindex]');
      if (focusable) focusable.focus({ preventScroll: true });
    };
    const actions = {
      'zoom-in': () => osd.viewport.zoomBy(1.5).applyConstraints(),
      'zoom-out': () => osd.viewport.zoomBy(1 / 1.5).applyConstraints(),
      home: () => osd.viewport.goHome(),
      rotate: () => osd.viewport.setRotation((osd.viewport.getRotation() + 90) % 360),
      full: () => osd.setFullScreen(!osd.isFullPage()),
      previous: () => osd.goToPage(Math.max(0, osd.currentPage() - 1)),
      next: () => osd.goToPage(Math.min(pages.length - 1, osd.currentPage() + 1)),
    };
    viewer.querySelector('.scan-viewer__toolbar').addEventListener('click', (e) => {
      const button = e.target.closest('button[data-action]');
      if (button && osd) actions[button.dataset.action]();
    });
    const opener = document.querySelector('.scan-open');
    if (opener && viewer.dataset.manifest) {
      // Each canvas's image service, by path: the manifest names them with the site's public address.
      const pageOf = (canvas) => {
        const body = canvas.items[0].items[0].body;
        const service = body.service && body.service[0];
        const label = canvas.label.none ? canvas.label.none[0] : canvas.label.en[0];
        return { info: service ? `${new URL(service.id).pathname}/info.json` : undefined, url: body.id, label };
      };
      opener.hidden = false;
      opener.addEventListener('click', async () => {
        if (pages.length === 0) {
          try {
            const response = await fetch(viewer.dataset.manifest, { headers: { Accept: 'application/ld+json' } });
            pages = (await response.json()).items.map(pageOf);
          } catch {
            opener.textContent = 'The pages could not be loaded; download the PDF below.';
            return;
          }
        }
        open(0);
      });
    }
    for (const link of document.querySelectorAll('.scan-page__link')) {
      link.addEventListener('click', (e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        open(Number(link.dataset.page) || 0);
      });
    }
  }
})();
